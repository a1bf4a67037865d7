#include "device.h"

#include <fstream>

#ifdef DOCKET_WITH_CUDA
#include "../cuda/cuda_backend.h"
#endif

namespace docket {

namespace {

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const size_t colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
  }
  return "";
}

}  // namespace

bool CudaCompiled() {
#ifdef DOCKET_WITH_CUDA
  return true;
#else
  return false;
#endif
}

bool CudaActive() {
#ifdef DOCKET_WITH_CUDA
  static const bool active = cuda::DeviceCount() > 0;
  return active;
#else
  return false;
#endif
}

std::string DeviceName() {
#ifdef DOCKET_WITH_CUDA
  if (CudaActive()) return cuda::DeviceName();
#endif
  return CpuModel();
}

std::string CudaRuntimeVersion() {
#ifdef DOCKET_WITH_CUDA
  return cuda::RuntimeVersion();
#else
  return "";
#endif
}

const ImageOps& ActiveOps() {
  static const ImageOps cpu{};
#ifdef DOCKET_WITH_CUDA
  static const ImageOps gpu{cuda::Median3x3, cuda::LaplacianVariance, cuda::Rotate, cuda::BinarizeSauvola};
  if (CudaActive()) return gpu;
#endif
  return cpu;
}

Gray RunToGray(const uint8_t* pixels, int width, int height, int channels) {
#ifdef DOCKET_WITH_CUDA
  if (CudaActive() && channels != 1) return cuda::ToGray(pixels, width, height, channels);
#endif
  return ToGray(pixels, width, height, channels);
}

void RunDense(const float* input, int rows, int inDim, const float* weights, const float* bias, int outDim, Activation act, float* out) {
#ifdef DOCKET_WITH_CUDA
  if (CudaActive()) return cuda::Dense(input, rows, inDim, weights, bias, outDim, static_cast<int>(act), out);
#endif
  Dense(input, rows, inDim, weights, bias, outDim, act, out);
}

std::vector<double> RunCosineScores(const float* query, const float* matrix, int n, int dim) {
#ifdef DOCKET_WITH_CUDA
  if (CudaActive()) return cuda::CosineScores(query, matrix, n, dim);
#endif
  return CosineScores(query, matrix, n, dim);
}

}  // namespace docket
