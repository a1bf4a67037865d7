// CUDA versions of the per-pixel kernels, the dense layer and the cosine scores. Same arithmetic as the CPU kernels
// (16.16 fixed point, 8-bit weights, exact integer sums, the same float64 Sauvola expression), so image results
// should be byte-identical to the CPU build; dense and cosine agree within float tolerance.
//
// UNVERIFIED: written without a GPU or nvcc at hand; it has never been compiled or run. Build it with
// `node native/build.mjs` on a machine with nvcc and run `npx vitest run native` there (the suite compares it with
// the fallback) before trusting it. See native/README.md.
//
// Every call runs on the calling thread's default stream (built with --default-stream per-thread), so the pages of
// a batch, processed on several CPU threads, overlap on the GPU.
#include <cuda_runtime.h>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "cuda_backend.h"

namespace docket::cuda {

namespace {

constexpr double kPi = 3.14159265358979323846;

void Check(cudaError_t err, const char* what) {
  if (err != cudaSuccess) throw std::runtime_error(std::string("CUDA ") + what + ": " + cudaGetErrorString(err));
}

const cudaStream_t kStream = cudaStreamPerThread;

/** Device memory from the stream-ordered allocator, freed on scope exit. */
template <typename T>
class DeviceBuffer {
 public:
  explicit DeviceBuffer(size_t n) : n_(n) { Check(cudaMallocAsync(reinterpret_cast<void**>(&ptr_), sizeof(T) * (n ? n : 1), kStream), "malloc"); }
  ~DeviceBuffer() { cudaFreeAsync(ptr_, kStream); }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  T* get() const { return ptr_; }
  void upload(const T* host) { Check(cudaMemcpyAsync(ptr_, host, sizeof(T) * n_, cudaMemcpyHostToDevice, kStream), "upload"); }
  void download(T* host) const { Check(cudaMemcpyAsync(host, ptr_, sizeof(T) * n_, cudaMemcpyDeviceToHost, kStream), "download"); }
  void zero() { Check(cudaMemsetAsync(ptr_, 0, sizeof(T) * n_, kStream), "memset"); }

 private:
  T* ptr_ = nullptr;
  size_t n_;
};

void Sync(const char* what) {
  Check(cudaGetLastError(), what);
  Check(cudaStreamSynchronize(kStream), what);
}

dim3 Grid2d(int w, int h, dim3 block) { return dim3((w + block.x - 1) / block.x, (h + block.y - 1) / block.y); }

// ---- gray -------------------------------------------------------------------------------------------------------

__global__ void GrayKernel(const uint8_t* px, int channels, uint8_t* out, size_t n) {
  const size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x;
  if (i >= n) return;
  const uint8_t* p = px + i * channels;
  const int g = (77 * p[0] + 150 * p[1] + 29 * p[2] + 128) >> 8;
  if (channels == 3) {
    out[i] = static_cast<uint8_t>(g);
  } else {
    const int a = p[3];
    out[i] = static_cast<uint8_t>((g * a + 255 * (255 - a) + 127) / 255);
  }
}

// ---- median -----------------------------------------------------------------------------------------------------

__device__ __forceinline__ int Min3(int a, int b, int c) { return min(a, min(b, c)); }
__device__ __forceinline__ int Max3(int a, int b, int c) { return max(a, max(b, c)); }
__device__ __forceinline__ int Med3(int a, int b, int c) { return max(min(a, b), min(max(a, b), c)); }

__global__ void MedianKernel(const uint8_t* in, uint8_t* out, int w, int h) {
  const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= w || y >= h) return;
  int lo[3], mid[3], hi[3];
  for (int k = 0; k < 3; k++) {
    const int xx = min(w - 1, max(0, x + k - 1));
    const int a = in[static_cast<size_t>(max(0, y - 1)) * w + xx], b = in[static_cast<size_t>(y) * w + xx], c = in[static_cast<size_t>(min(h - 1, y + 1)) * w + xx];
    lo[k] = Min3(a, b, c);
    mid[k] = Med3(a, b, c);
    hi[k] = Max3(a, b, c);
  }
  out[static_cast<size_t>(y) * w + x] = static_cast<uint8_t>(Med3(Max3(lo[0], lo[1], lo[2]), Med3(mid[0], mid[1], mid[2]), Min3(hi[0], hi[1], hi[2])));
}

// ---- Laplacian --------------------------------------------------------------------------------------------------

__global__ void LaplacianKernel(const uint8_t* d, int w, int h, unsigned long long* sum, unsigned long long* sq) {
  __shared__ long long sSum[256], sSq[256];
  const int x = blockIdx.x * blockDim.x + threadIdx.x + 1, y = blockIdx.y * blockDim.y + threadIdx.y + 1;
  const int t = threadIdx.y * blockDim.x + threadIdx.x;
  long long l = 0;
  if (x < w - 1 && y < h - 1) {
    const size_t i = static_cast<size_t>(y) * w + x;
    l = 4 * d[i] - d[i - 1] - d[i + 1] - d[i - w] - d[i + w];
  }
  sSum[t] = l;
  sSq[t] = l * l;
  __syncthreads();
  for (int s = 128; s > 0; s >>= 1) {
    if (t < s) {
      sSum[t] += sSum[t + s];
      sSq[t] += sSq[t + s];
    }
    __syncthreads();
  }
  // Two's complement: adding a negative sum as unsigned wraps to the right signed total.
  if (t == 0) {
    atomicAdd(sum, static_cast<unsigned long long>(sSum[0]));
    atomicAdd(sq, static_cast<unsigned long long>(sSq[0]));
  }
}

// ---- rotate -----------------------------------------------------------------------------------------------------

__device__ __forceinline__ uint8_t Bilinear(int p00, int p10, int p01, int p11, int fx, int fy) {
  const int top = p00 * (256 - fx) + p10 * fx;
  const int bot = p01 * (256 - fx) + p11 * fx;
  return static_cast<uint8_t>((top * (256 - fy) + bot * fy + 32768) >> 16);
}

__global__ void RotateKernel(const uint8_t* d, uint8_t* out, int w, int h, int cs, int sn) {
  const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= w || y >= h) return;
  const long long dx0 = -(w - 1), dy2 = 2LL * y - (h - 1);
  const long long sx = ((cs * dx0 - sn * dy2) >> 1) + static_cast<long long>(w - 1) * 32768 + static_cast<long long>(cs) * x;
  const long long sy = ((sn * dx0 + cs * dy2) >> 1) + static_cast<long long>(h - 1) * 32768 + static_cast<long long>(sn) * x;
  const int x0 = static_cast<int>(sx >> 16), y0 = static_cast<int>(sy >> 16);
  const int fx = static_cast<int>((sx & 0xffff) >> 8), fy = static_cast<int>((sy & 0xffff) >> 8);
  auto at = [&](int xx, int yy) -> int { return xx >= 0 && yy >= 0 && xx < w && yy < h ? d[static_cast<size_t>(yy) * w + xx] : 255; };
  out[static_cast<size_t>(y) * w + x] = x0 >= -1 && y0 >= -1 && x0 < w && y0 < h ? Bilinear(at(x0, y0), at(x0 + 1, y0), at(x0, y0 + 1), at(x0 + 1, y0 + 1), fx, fy) : 255;
}

// ---- Sauvola ----------------------------------------------------------------------------------------------------
// Integral images of p and p^2, (w+1) x (h+1) with a zero first row and column: rows summed by one thread per row,
// then columns by one thread per column (coalesced).

__global__ void RowPrefixKernel(const uint8_t* d, int w, int h, unsigned long long* S, unsigned long long* Q) {
  const int y = blockIdx.x * blockDim.x + threadIdx.x;
  if (y >= h) return;
  unsigned long long s = 0, q = 0;
  const size_t base = static_cast<size_t>(y + 1) * (w + 1);
  for (int x = 0; x < w; x++) {
    const unsigned long long p = d[static_cast<size_t>(y) * w + x];
    s += p;
    q += p * p;
    S[base + x + 1] = s;
    Q[base + x + 1] = q;
  }
}

__global__ void ColPrefixKernel(int w, int h, unsigned long long* S, unsigned long long* Q) {
  const int x = blockIdx.x * blockDim.x + threadIdx.x;
  if (x > w) return;
  for (int y = 1; y <= h; y++) {
    S[static_cast<size_t>(y) * (w + 1) + x] += S[static_cast<size_t>(y - 1) * (w + 1) + x];
    Q[static_cast<size_t>(y) * (w + 1) + x] += Q[static_cast<size_t>(y - 1) * (w + 1) + x];
  }
}

__global__ void SauvolaKernel(const uint8_t* d, uint8_t* out, int w, int h, int r, double k, const unsigned long long* S, const unsigned long long* Q) {
  const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= w || y >= h) return;
  const int xl = x > r ? x - r : 0, xh = x + r < w - 1 ? x + r : w - 1;
  const int yl = y > r ? y - r : 0, yh = y + r < h - 1 ? y + r : h - 1;
  const size_t W = w + 1;
  auto box = [&](const unsigned long long* I) { return I[(yh + 1) * W + xh + 1] - I[yl * W + xh + 1] - I[(yh + 1) * W + xl] + I[yl * W + xl]; };
  // The same float64 expression as the CPU kernel and the fallback; __dadd_rn etc. keep nvcc from fusing into FMA.
  const double n = static_cast<double>((xh - xl + 1) * (yh - yl + 1));
  const double s = static_cast<double>(box(S)), q = static_cast<double>(box(Q));
  const double mean = __ddiv_rn(s, n);
  const double v = __dsub_rn(__ddiv_rn(q, n), __dmul_rn(mean, mean));
  const double sd = __dsqrt_rn(v > 0 ? v : 0);
  const double t = __dmul_rn(mean, __dadd_rn(1.0, __dmul_rn(k, __dsub_rn(__ddiv_rn(sd, 128.0), 1.0))));
  const size_t i = static_cast<size_t>(y) * w + x;
  out[i] = d[i] <= t ? 0 : 255;
}

// ---- dense ------------------------------------------------------------------------------------------------------

constexpr int kTile = 16;

/** out = input (rows x inDim) x weights (inDim x outDim) + bias, shared-memory tiles of 16 x 16. */
__global__ void GemmKernel(const float* in, const float* wt, const float* bias, float* out, int rows, int inDim, int outDim) {
  __shared__ float a[kTile][kTile], b[kTile][kTile];
  const int row = blockIdx.y * kTile + threadIdx.y, col = blockIdx.x * kTile + threadIdx.x;
  float acc = 0;
  for (int t0 = 0; t0 < inDim; t0 += kTile) {
    const int ia = t0 + threadIdx.x, ib = t0 + threadIdx.y;
    a[threadIdx.y][threadIdx.x] = row < rows && ia < inDim ? in[static_cast<size_t>(row) * inDim + ia] : 0.f;
    b[threadIdx.y][threadIdx.x] = ib < inDim && col < outDim ? wt[static_cast<size_t>(ib) * outDim + col] : 0.f;
    __syncthreads();
    for (int k = 0; k < kTile; k++) acc += a[threadIdx.y][k] * b[k][threadIdx.x];
    __syncthreads();
  }
  if (row < rows && col < outDim) out[static_cast<size_t>(row) * outDim + col] = acc + bias[col];
}

/** activation: 1 relu, 2 softmax (one thread per row; output rows are short). */
__global__ void ActivateKernel(float* out, int rows, int outDim, int activation) {
  const int r = blockIdx.x * blockDim.x + threadIdx.x;
  if (r >= rows) return;
  float* v = out + static_cast<size_t>(r) * outDim;
  if (activation == 1) {
    for (int i = 0; i < outDim; i++) v[i] = v[i] > 0 ? v[i] : 0;
  } else if (activation == 2) {
    float m = -INFINITY;
    for (int i = 0; i < outDim; i++) m = fmaxf(m, v[i]);
    double sum = 0;
    for (int i = 0; i < outDim; i++) {
      v[i] = expf(v[i] - m);
      sum += v[i];
    }
    for (int i = 0; i < outDim; i++) v[i] = static_cast<float>(v[i] / sum);
  }
}

// ---- cosine -----------------------------------------------------------------------------------------------------

/** One warp per matrix row: dot with the query and the row's squared norm. */
__global__ void CosineKernel(const float* q, const float* m, int n, int dim, double qn, double* scores) {
  const int row = (blockIdx.x * blockDim.x + threadIdx.x) / 32, lane = threadIdx.x % 32;
  if (row >= n) return;
  const float* v = m + static_cast<size_t>(row) * dim;
  float dot = 0, nn = 0;
  for (int i = lane; i < dim; i += 32) {
    dot += q[i] * v[i];
    nn += v[i] * v[i];
  }
  for (int off = 16; off > 0; off >>= 1) {
    dot += __shfl_down_sync(0xffffffff, dot, off);
    nn += __shfl_down_sync(0xffffffff, nn, off);
  }
  if (lane == 0) {
    const double denom = qn * sqrt(static_cast<double>(nn));
    scores[row] = denom > 0 ? dot / denom : 0;
  }
}

}  // namespace

int DeviceCount() {
  int n = 0;
  if (cudaGetDeviceCount(&n) != cudaSuccess) {
    cudaGetLastError();  // clear the sticky "no driver" error
    return 0;
  }
  return n;
}

std::string DeviceName() {
  cudaDeviceProp prop{};
  if (cudaGetDeviceProperties(&prop, 0) != cudaSuccess) return "unknown CUDA device";
  return prop.name;
}

std::string RuntimeVersion() {
  int v = 0;
  cudaRuntimeGetVersion(&v);
  return std::to_string(v / 1000) + "." + std::to_string((v % 1000) / 10);
}

Gray ToGray(const uint8_t* pixels, int width, int height, int channels) {
  Gray out(width, height);
  const size_t n = out.size();
  DeviceBuffer<uint8_t> in(n * channels), dst(n);
  in.upload(pixels);
  GrayKernel<<<static_cast<unsigned>((n + 255) / 256), 256, 0, kStream>>>(in.get(), channels, dst.get(), n);
  dst.download(out.data.data());
  Sync("toGray");
  return out;
}

Gray Median3x3(const Gray& img) {
  Gray out(img.width, img.height);
  DeviceBuffer<uint8_t> in(img.size()), dst(img.size());
  in.upload(img.data.data());
  const dim3 block(32, 8);
  MedianKernel<<<Grid2d(img.width, img.height, block), block, 0, kStream>>>(in.get(), dst.get(), img.width, img.height);
  dst.download(out.data.data());
  Sync("median3x3");
  return out;
}

double LaplacianVariance(const Gray& img) {
  const int w = img.width, h = img.height;
  if (w < 3 || h < 3) return 0;
  DeviceBuffer<uint8_t> in(img.size());
  DeviceBuffer<unsigned long long> sums(2);
  in.upload(img.data.data());
  sums.zero();
  const dim3 block(32, 8);
  LaplacianKernel<<<Grid2d(w - 2, h - 2, block), block, 0, kStream>>>(in.get(), w, h, sums.get(), sums.get() + 1);
  unsigned long long host[2];
  sums.download(host);
  Sync("laplacian");
  const double n = static_cast<double>(w - 2) * (h - 2);
  const double mean = static_cast<double>(static_cast<long long>(host[0])) / n;
  return static_cast<double>(static_cast<long long>(host[1])) / n - mean * mean;
}

Gray Rotate(const Gray& img, double degrees) {
  if (degrees == 0) return img;
  const double rad = degrees * kPi / 180;
  const int cs = static_cast<int>(std::floor(std::cos(rad) * 65536 + 0.5));
  const int sn = static_cast<int>(std::floor(std::sin(rad) * 65536 + 0.5));
  Gray out(img.width, img.height);
  DeviceBuffer<uint8_t> in(img.size()), dst(img.size());
  in.upload(img.data.data());
  const dim3 block(32, 8);
  RotateKernel<<<Grid2d(img.width, img.height, block), block, 0, kStream>>>(in.get(), dst.get(), img.width, img.height, cs, sn);
  dst.download(out.data.data());
  Sync("rotate");
  return out;
}

Gray BinarizeSauvola(const Gray& img, int window, double k) {
  const int w = img.width, h = img.height;
  const size_t integral = static_cast<size_t>(w + 1) * (h + 1);
  Gray out(w, h);
  DeviceBuffer<uint8_t> in(img.size()), dst(img.size());
  DeviceBuffer<unsigned long long> S(integral), Q(integral);
  in.upload(img.data.data());
  S.zero();
  Q.zero();
  RowPrefixKernel<<<(h + 127) / 128, 128, 0, kStream>>>(in.get(), w, h, S.get(), Q.get());
  ColPrefixKernel<<<(w + 1 + 127) / 128, 128, 0, kStream>>>(w, h, S.get(), Q.get());
  const dim3 block(32, 8);
  SauvolaKernel<<<Grid2d(w, h, block), block, 0, kStream>>>(in.get(), dst.get(), w, h, window >> 1, k, S.get(), Q.get());
  dst.download(out.data.data());
  Sync("sauvola");
  return out;
}

void Dense(const float* input, int rows, int inDim, const float* weights, const float* bias, int outDim, int activation, float* out) {
  DeviceBuffer<float> in(static_cast<size_t>(rows) * inDim), wt(static_cast<size_t>(inDim) * outDim), b(outDim), dst(static_cast<size_t>(rows) * outDim);
  in.upload(input);
  wt.upload(weights);
  b.upload(bias);
  const dim3 block(kTile, kTile);
  GemmKernel<<<Grid2d(outDim, rows, block), block, 0, kStream>>>(in.get(), wt.get(), b.get(), dst.get(), rows, inDim, outDim);
  if (activation != 0) ActivateKernel<<<(rows + 127) / 128, 128, 0, kStream>>>(dst.get(), rows, outDim, activation);
  dst.download(out);
  Sync("dense");
}

std::vector<double> CosineScores(const float* query, const float* matrix, int n, int dim) {
  double qq = 0;
  for (int i = 0; i < dim; i++) qq += static_cast<double>(query[i]) * query[i];
  std::vector<double> scores(n);
  DeviceBuffer<float> q(dim), m(static_cast<size_t>(n) * dim);
  DeviceBuffer<double> s(n);
  q.upload(query);
  m.upload(matrix);
  const int threads = 256;
  CosineKernel<<<static_cast<unsigned>((static_cast<size_t>(n) * 32 + threads - 1) / threads), threads, 0, kStream>>>(q.get(), m.get(), n, dim, std::sqrt(qq), s.get());
  s.download(scores.data());
  Sync("cosine");
  return scores;
}

}  // namespace docket::cuda
