// Vectorization: the whole addon is built for a safe baseline (x86-64 with SSE4.2, or the arm64 baseline with NEON).
// Hot loops marked DOCKET_CLONES are also compiled for AVX2, and the loader (glibc ifunc) picks that copy on CPUs
// that have it, so one binary runs everywhere and uses AVX2 where present.
#pragma once

#if defined(__x86_64__) && defined(__linux__) && !defined(DOCKET_NO_CLONES) && \
    ((defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 6) || (defined(__clang__) && __clang_major__ >= 14))
#define DOCKET_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define DOCKET_CLONES
#endif

/** No aliasing between the buffers a hot loop reads and writes: lets the compiler vectorize without run-time checks. */
#define DOCKET_RESTRICT __restrict

namespace docket {

/** The widest vector instructions the clones use on this CPU: "avx2", "sse4.2", "neon" or "none". */
const char* SimdLevel();

}  // namespace docket
