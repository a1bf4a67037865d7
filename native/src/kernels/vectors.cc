// Cosine top-k and int8 quantization for reranking retrieved chunks. Dot products use OpenMP SIMD reductions
// (-fopenmp-simd: vectorized, no OpenMP runtime), so their sums differ from the fallback's float64 by ~1e-6.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "../common/parallel.h"
#include "../common/simd.h"
#include "kernels.h"

namespace docket {

namespace {

DOCKET_CLONES void DotAndNorm(const float* q, const float* m, int dim, float* dot, float* norm) {
  float d = 0, nn = 0;
#pragma omp simd reduction(+ : d, nn)
  for (int i = 0; i < dim; i++) {
    d += q[i] * m[i];
    nn += m[i] * m[i];
  }
  *dot = d;
  *norm = nn;
}

}  // namespace

std::vector<double> CosineScores(const float* query, const float* matrix, int n, int dim) {
  float qq = 0, unused = 0;
  DotAndNorm(query, query, dim, &qq, &unused);
  const double qn = std::sqrt(static_cast<double>(qq));
  std::vector<double> scores(n);
  ParallelFor(n, std::max(1, (1 << 18) / std::max(1, dim)), [&](int r0, int r1) {
    for (int r = r0; r < r1; r++) {
      float dot = 0, nn = 0;
      DotAndNorm(query, matrix + static_cast<size_t>(r) * dim, dim, &dot, &nn);
      const double denom = qn * std::sqrt(static_cast<double>(nn));
      scores[r] = denom > 0 ? dot / denom : 0;
    }
  });
  return scores;
}

std::vector<Hit> TopK(const std::vector<double>& scores, int k) {
  const int n = static_cast<int>(scores.size());
  k = std::min(k, n);
  std::vector<int> idx(n);
  std::iota(idx.begin(), idx.end(), 0);
  auto better = [&](int a, int b) { return scores[a] > scores[b] || (scores[a] == scores[b] && a < b); };
  std::partial_sort(idx.begin(), idx.begin() + k, idx.end(), better);
  std::vector<Hit> hits(k);
  for (int i = 0; i < k; i++) hits[i] = {idx[i], scores[idx[i]]};
  return hits;
}

double QuantizeInt8(const float* v, int n, int8_t* out) {
  double maxAbs = 0;
  for (int i = 0; i < n; i++) maxAbs = std::max(maxAbs, std::fabs(static_cast<double>(v[i])));
  if (maxAbs == 0) {
    std::fill(out, out + n, 0);
    return 0;
  }
  const double scale = maxAbs / 127;
  for (int i = 0; i < n; i++) {
    const double q = std::round(v[i] / scale);  // half away from zero, as the fallback
    out[i] = static_cast<int8_t>(std::max(-127.0, std::min(127.0, q)));
  }
  return scale;
}

}  // namespace docket
