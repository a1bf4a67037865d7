// One dense layer over a batch, float32. The inner loop runs along the output row (contiguous in both the
// accumulator and the weight row), which the compiler turns into AVX2/SSE multiply-adds; zero inputs are skipped,
// since hashed text features are mostly zeros.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "../common/parallel.h"
#include "../common/simd.h"
#include "kernels.h"

namespace docket {

namespace {

DOCKET_CLONES void DenseRows(const float* DOCKET_RESTRICT in, int r0, int r1, int inDim, const float* DOCKET_RESTRICT w, const float* DOCKET_RESTRICT b, int outDim, float* DOCKET_RESTRICT out) {
  for (int r = r0; r < r1; r++) {
    float* acc = out + static_cast<size_t>(r) * outDim;
    std::memcpy(acc, b, sizeof(float) * outDim);
    const float* x = in + static_cast<size_t>(r) * inDim;
    for (int i = 0; i < inDim; i++) {
      const float a = x[i];
      if (a == 0) continue;
      const float* wr = w + static_cast<size_t>(i) * outDim;
      for (int o = 0; o < outDim; o++) acc[o] += a * wr[o];
    }
  }
}

void Activate(float* v, int n, Activation act) {
  if (act == Activation::kRelu) {
    for (int i = 0; i < n; i++)
      if (!(v[i] > 0)) v[i] = 0;
  } else if (act == Activation::kSoftmax) {
    float max = -INFINITY;
    for (int i = 0; i < n; i++) max = std::max(max, v[i]);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      v[i] = std::exp(v[i] - max);
      sum += v[i];
    }
    for (int i = 0; i < n; i++) v[i] = static_cast<float>(v[i] / sum);
  }
}

}  // namespace

void Dense(const float* input, int rows, int inDim, const float* weights, const float* bias, int outDim, Activation act, float* out) {
  const int64_t work = static_cast<int64_t>(inDim) * outDim;
  const int minRows = static_cast<int>(std::max<int64_t>(1, (1 << 20) / std::max<int64_t>(1, work)));
  ParallelFor(rows, minRows, [&](int r0, int r1) {
    DenseRows(input, r0, r1, inDim, weights, bias, outDim, out);
    for (int r = r0; r < r1; r++) Activate(out + static_cast<size_t>(r) * outDim, outDim, act);
  });
}

}  // namespace docket
