// Docket's native addon: registers the exports, nothing else. Kernels live in kernels/ (CPU) and cuda/ (GPU),
// JS entry points in bindings/. The TypeScript door is native/index.ts.
#include <napi.h>

#include "bindings/ops.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  docket::RegisterImageOps(env, exports);
  docket::RegisterAnalysisOps(env, exports);
  docket::RegisterPreprocessOps(env, exports);
  docket::RegisterModelOps(env, exports);
  docket::RegisterVectorOps(env, exports);
  docket::RegisterInfo(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(docket_native, Init)
