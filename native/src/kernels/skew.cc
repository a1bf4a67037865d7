// Skew by projection profile; see native/fallback/skew.ts for the method. Same grid, same fixed-point binning,
// same first-maximum rule, so both backends return the same angle.
#include <algorithm>
#include <cmath>
#include <map>

#include "../common/parallel.h"
#include "../common/math.h"
#include "kernels.h"

namespace docket {

namespace {

constexpr int kTargetWidth = 800;
constexpr int kCoarseStep = 25;  // hundredths of a degree
constexpr int kFineStep = 2;
constexpr int kMinInkPoints = 32;

int64_t TanFixed(int units) { return static_cast<int64_t>(std::floor(std::tan(units * kPi / 18000) * 65536 + 0.5)); }

struct Points {
  std::vector<int32_t> xs, ys;
  int height = 0;
  int offset = 0;
};

int64_t Score(const Points& pts, int units, std::vector<int32_t>& bins) {
  const int64_t t = TanFixed(units);
  std::fill(bins.begin(), bins.end(), 0);
  const size_t n = pts.xs.size();
  for (size_t i = 0; i < n; i++) bins[pts.ys[i] + ((pts.xs[i] * t) >> 16) + pts.offset]++;
  int64_t s = 0;
  for (size_t i = 1; i < bins.size(); i++) {
    const int64_t d = bins[i] - bins[i - 1];
    s += d * d;
  }
  return s;
}

/** Scores of the given angles, computed in parallel (each thread with its own bins). */
void ScoreAll(const Points& pts, const std::vector<int>& units, std::map<int, int64_t>& cache) {
  std::vector<int> todo;
  for (int u : units)
    if (!cache.count(u)) todo.push_back(u);
  std::vector<int64_t> scores(todo.size());
  const size_t binCount = static_cast<size_t>(pts.height) + 2 * pts.offset;
  ParallelFor(static_cast<int>(todo.size()), 4, [&](int b, int e) {
    std::vector<int32_t> bins(binCount);
    for (int i = b; i < e; i++) scores[i] = Score(pts, todo[i], bins);
  });
  for (size_t i = 0; i < todo.size(); i++) cache[todo[i]] = scores[i];
}

}  // namespace

double EstimateSkew(const Gray& img, double maxDegrees) {
  const Gray small = DownsampleBox(img, std::max(1, img.width / kTargetWidth));
  const int w = small.width, h = small.height;
  const int thr = InkThreshold(ComputeHistogram(small), static_cast<double>(w) * h);
  if (thr < 0) return 0;
  Points pts;
  for (int y = 0; y < h; y++) {
    const uint8_t* row = small.data.data() + static_cast<size_t>(y) * w;
    for (int x = 0; x < w; x++) {
      if (row[x] <= thr) {
        pts.xs.push_back(x);
        pts.ys.push_back(y);
      }
    }
  }
  if (pts.xs.size() < static_cast<size_t>(kMinInkPoints)) return 0;

  const int maxU = static_cast<int>(std::floor(maxDegrees * 100 + 0.5));
  const int64_t tMax = std::llabs(TanFixed(maxU));
  pts.height = h;
  pts.offset = static_cast<int>((w * tMax) >> 16) + 2;
  std::map<int, int64_t> cache;

  const int k = maxU / kCoarseStep;
  std::vector<int> coarse;
  for (int u = -k * kCoarseStep; u <= k * kCoarseStep; u += kCoarseStep) coarse.push_back(u);
  ScoreAll(pts, coarse, cache);
  int best = 0;
  int64_t bestScore = -1;
  for (int u : coarse) {
    if (cache[u] > bestScore) {
      bestScore = cache[u];
      best = u;
    }
  }
  const int lo = std::max(-maxU, best - kCoarseStep + kFineStep);
  const int hi = std::min(maxU, best + kCoarseStep - kFineStep);
  std::vector<int> fine;
  for (int u = lo; u <= hi; u += kFineStep) fine.push_back(u);
  ScoreAll(pts, fine, cache);
  for (int u : fine) {
    if (cache[u] > bestScore) {
      bestScore = cache[u];
      best = u;
    }
  }
  double delta = 0;
  if (best - kFineStep >= -maxU && best + kFineStep <= maxU) {
    ScoreAll(pts, {best - kFineStep, best + kFineStep}, cache);
    const double sm = static_cast<double>(cache[best - kFineStep]);
    const double sp = static_cast<double>(cache[best + kFineStep]);
    const double denom = sm - 2 * static_cast<double>(bestScore) + sp;
    if (denom < 0) delta = std::min(0.5, std::max(-0.5, (0.5 * (sm - sp)) / denom));
  }
  return (best + delta * kFineStep) / 100;
}

}  // namespace docket
