#include "simd.h"

namespace docket {

const char* SimdLevel() {
#if defined(__x86_64__) || defined(_M_X64)
#if defined(__GNUC__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2")) return "avx2";
  if (__builtin_cpu_supports("sse4.2")) return "sse4.2";
#endif
  return "sse2";
#elif defined(__aarch64__)
  return "neon";
#else
  return "none";
#endif
}

}  // namespace docket
