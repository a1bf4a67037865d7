// Page measures for the quality verdict; see native/fallback/quality.ts (the verdict itself is in TypeScript:
// native/quality-verdict.ts, one place for the thresholds).
#include <algorithm>
#include <cmath>

#include "../common/parallel.h"
#include "../common/simd.h"
#include "kernels.h"

namespace docket {

namespace {

constexpr double kDarkestShare = 0.005;

DOCKET_CLONES void LaplacianRow(const uint8_t* up, const uint8_t* row, const uint8_t* down, int w, int64_t* sum, int64_t* sq) {
  int64_t s = 0, q = 0;
  for (int x = 1; x < w - 1; x++) {
    const int32_t l = 4 * row[x] - row[x - 1] - row[x + 1] - up[x] - down[x];
    s += l;
    q += static_cast<int64_t>(l) * l;
  }
  *sum += s;
  *sq += q;
}

}  // namespace

double LaplacianVariance(const Gray& img) {
  const int w = img.width, h = img.height;
  if (w < 3 || h < 3) return 0;
  std::vector<int64_t> sums(MaxThreads(), 0), sqs(MaxThreads(), 0);
  // Per-band integer sums: exact, so the band split cannot change the result.
  const int bands = std::min(MaxThreads(), std::max(1, (h - 2) / 64));
  ParallelFor(bands, 1, [&](int b0, int b1) {
    for (int b = b0; b < b1; b++) {
      const int y0 = 1 + static_cast<int>(static_cast<int64_t>(h - 2) * b / bands);
      const int y1 = 1 + static_cast<int>(static_cast<int64_t>(h - 2) * (b + 1) / bands);
      for (int y = y0; y < y1; y++) {
        const uint8_t* row = img.data.data() + static_cast<size_t>(y) * w;
        LaplacianRow(row - w, row, row + w, w, &sums[b], &sqs[b]);
      }
    }
  });
  int64_t sum = 0, sq = 0;
  for (int b = 0; b < bands; b++) {
    sum += sums[b];
    sq += sqs[b];
  }
  const double n = static_cast<double>(w - 2) * (h - 2);
  const double mean = static_cast<double>(sum) / n;
  return static_cast<double>(sq) / n - mean * mean;
}

RawMetrics PageMetrics(const Gray& img, double maxSkewDegrees, const ImageOps& ops) {
  const Gray clean = ops.median3x3(img);
  const double n = static_cast<double>(clean.size());
  const Histogram hist = ComputeHistogram(clean);
  const int paper = PercentileLevel(hist, n, 0.5);
  const int thr = InkThreshold(hist, n);
  double ink = 0;
  for (int v = 0; v <= thr; v++) ink += hist[v];
  const double rank = std::max(1.0, std::ceil(kDarkestShare * n));
  double acc = 0, sum = 0;
  for (int v = 0; v < 256 && acc < rank; v++) {
    const double take = std::min(hist[v], rank - acc);
    sum += v * take;
    acc += take;
  }
  const double darkest = sum / rank;
  RawMetrics m;
  m.blurVariance = ops.laplacianVariance(clean);
  m.contrast = std::max(0.0, paper - darkest) / 255;
  m.skewDegrees = EstimateSkew(clean, maxSkewDegrees);
  m.inkCoverage = ink / n;
  m.medianCharHeight = thr >= 0 ? MedianCharHeight(clean, thr) : 0;
  return m;
}

}  // namespace docket
