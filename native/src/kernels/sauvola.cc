// Sauvola binarization; see native/fallback/sauvola.ts. Window sums are the integral-image box sums, kept as running
// column sums slid along each row: exact integers, then the same float64 expression as the fallback.
#include <algorithm>
#include <cmath>

#include "../common/parallel.h"
#include "../common/simd.h"
#include "kernels.h"

namespace docket {

namespace {

constexpr double kSauvolaR = 128;

DOCKET_CLONES void AddRow(const uint8_t* DOCKET_RESTRICT row, int w, int sign, uint32_t* DOCKET_RESTRICT colS, uint32_t* DOCKET_RESTRICT colQ) {
  if (sign > 0) {
    for (int x = 0; x < w; x++) {
      const uint32_t p = row[x];
      colS[x] += p;
      colQ[x] += p * p;
    }
  } else {
    for (int x = 0; x < w; x++) {
      const uint32_t p = row[x];
      colS[x] -= p;
      colQ[x] -= p * p;
    }
  }
}

inline uint8_t Threshold(uint8_t p, double n, double s, double q, double k) {
  const double mean = s / n;
  const double v = q / n - mean * mean;
  // max() and a 0/1 product instead of branches, so the loop vectorizes; same values as the fallback's ternaries.
  const double sd = std::sqrt(std::max(v, 0.0));
  const double t = mean * (1 + k * (sd / kSauvolaR - 1));
  return static_cast<uint8_t>((p > t) * 255);
}

/** uint32 -> double, exact, in a form the vectorizer knows (signed conversion of the value shifted by 2^31). */
inline double U32ToDouble(uint32_t v) { return static_cast<double>(static_cast<int32_t>(v ^ 0x80000000u)) + 2147483648.0; }

/** Thresholds one row from its window sums (exact integers: sum <= 255 x 255^2, sum of squares < 2^32). */
DOCKET_CLONES void ThresholdRow(const uint8_t* DOCKET_RESTRICT src, uint8_t* DOCKET_RESTRICT dst, int w, int r, int ny, double k, const int32_t* DOCKET_RESTRICT boxS,
                                const uint32_t* DOCKET_RESTRICT boxQ) {
  for (int x = 0; x < w; x++) {
    const int xl = x > r ? x - r : 0;
    const int xh = x + r < w - 1 ? x + r : w - 1;
    dst[x] = Threshold(src[x], static_cast<double>((xh - xl + 1) * ny), static_cast<double>(boxS[x]), U32ToDouble(boxQ[x]), k);
  }
}

/** Horizontal window sums of the column sums, sliding (integer adds: a short dependency chain). */
void BoxRow(const uint32_t* colS, const uint32_t* colQ, int w, int r, int32_t* boxS, uint32_t* boxQ) {
  uint32_t s = 0, q = 0;
  for (int x = 0; x <= std::min(w - 1, r); x++) {
    s += colS[x];
    q += colQ[x];
  }
  for (int x = 0; x < w; x++) {
    if (x > 0) {
      if (x + r <= w - 1) {
        s += colS[x + r];
        q += colQ[x + r];
      }
      if (x - r - 1 >= 0) {
        s -= colS[x - r - 1];
        q -= colQ[x - r - 1];
      }
    }
    boxS[x] = static_cast<int32_t>(s);
    boxQ[x] = q;
  }
}

}  // namespace

Gray BinarizeSauvola(const Gray& img, int window, double k) {
  const int w = img.width, h = img.height, r = window >> 1;
  Gray out(w, h);
  const uint8_t* d = img.data.data();
  // Each band of rows starts its column sums from scratch, then slides them down one row at a time.
  ParallelFor(h, 128, [&](int yBegin, int yEnd) {
    std::vector<uint32_t> colS(w, 0), colQ(w, 0);
    std::vector<int32_t> boxS(w);
    std::vector<uint32_t> boxQ(w);
    for (int y = std::max(0, yBegin - r); y <= std::min(h - 1, yBegin + r); y++) AddRow(d + static_cast<size_t>(y) * w, w, 1, colS.data(), colQ.data());
    for (int y = yBegin; y < yEnd; y++) {
      if (y > yBegin) {
        if (y + r <= h - 1) AddRow(d + static_cast<size_t>(y + r) * w, w, 1, colS.data(), colQ.data());
        if (y - r - 1 >= 0) AddRow(d + static_cast<size_t>(y - r - 1) * w, w, -1, colS.data(), colQ.data());
      }
      const int ny = std::min(h - 1, y + r) - std::max(0, y - r) + 1;
      BoxRow(colS.data(), colQ.data(), w, r, boxS.data(), boxQ.data());
      ThresholdRow(d + static_cast<size_t>(y) * w, out.data.data() + static_cast<size_t>(y) * w, w, r, ny, k, boxS.data(), boxQ.data());
    }
  });
  return out;
}

}  // namespace docket
