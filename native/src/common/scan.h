// Finding ink in a row fast: pages are mostly paper, so skip 16 pixels per step while none is ink (SSE2, which every
// x86-64 CPU has; plain loops elsewhere). Ink = value <= maxInk.
#pragma once

#include <algorithm>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace docket {

/** First x in [x, w) with row[x] <= maxInk, or w. */
inline int NextInk(const uint8_t* row, int x, int w, int maxInk) {
  if (maxInk < 0) return w;
#if defined(__SSE2__)
  const __m128i t = _mm_set1_epi8(static_cast<char>(std::min(maxInk, 255)));
  for (; x + 16 <= w; x += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + x));
    const int ink = _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(v, t), v));  // min(v, t) == v  <=>  v <= t
    if (ink != 0) return x + __builtin_ctz(static_cast<unsigned>(ink));
  }
#endif
  for (; x < w; x++)
    if (row[x] <= maxInk) return x;
  return w;
}

/** Last x in [0, end) with row[x] <= maxInk, or -1. */
inline int LastInk(const uint8_t* row, int end, int maxInk) {
  if (maxInk < 0) return -1;
  int x = end;
#if defined(__SSE2__)
  const __m128i t = _mm_set1_epi8(static_cast<char>(std::min(maxInk, 255)));
  for (; x - 16 >= 0; x -= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + x - 16));
    const int ink = _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(v, t), v));
    if (ink != 0) return x - 16 + 31 - __builtin_clz(static_cast<unsigned>(ink));
  }
#endif
  for (x = x - 1; x >= 0; x--)
    if (row[x] <= maxInk) return x;
  return -1;
}

}  // namespace docket
