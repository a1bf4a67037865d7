// info(): what this build is and runs on, for `docket native info` and the worker's start log.
#include "../common/parallel.h"
#include "../common/simd.h"
#include "device.h"
#include "ops.h"

// The CPU build gets its flags as a -D from binding.gyp; the CUDA build from a header written by build.mjs.
#ifdef DOCKET_BUILD_FLAGS_HEADER
#include "docket_build_flags.h"
#endif
#ifndef DOCKET_BUILD_FLAGS
#define DOCKET_BUILD_FLAGS "unknown"
#endif
#ifndef DOCKET_NVCC_FLAGS
#define DOCKET_NVCC_FLAGS ""
#endif

namespace docket {

/** Interface version; native/fallback.ts NATIVE_ABI must match or the loader refuses the binary as stale. */
constexpr int kAbi = 1;

namespace {

std::string Compiler() {
#if defined(__clang__)
  return std::string("clang ") + __clang_version__;
#elif defined(__GNUC__)
  return std::string("gcc ") + __VERSION__;
#else
  return "unknown";
#endif
}

Napi::Value InfoJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("backend", CudaActive() ? "cuda" : "cpu");
  o.Set("device", DeviceName());
  o.Set("simd", SimdLevel());
  o.Set("version", kAbi);
  o.Set("compiler", Compiler());
  o.Set("flags", DOCKET_BUILD_FLAGS);
  o.Set("cudaCompiled", CudaCompiled());
  if (CudaCompiled()) {
    o.Set("nvccFlags", DOCKET_NVCC_FLAGS);
    o.Set("cudaRuntime", CudaRuntimeVersion());
  }
  o.Set("napiVersion", NAPI_VERSION);
  o.Set("threads", MaxThreads());
  return o;
}

}  // namespace

void RegisterInfo(Napi::Env env, Napi::Object exports) { exports.Set("info", Napi::Function::New(env, InfoJs, "info")); }

}  // namespace docket
