// The CUDA kernels, callable from plain C++ (no CUDA types here). Compiled only where nvcc exists, into the
// separate docket_native_cuda.node; chosen at run time when a GPU is present (bindings/device.cc).
// UNVERIFIED: no GPU or nvcc was available where this was written; see native/README.md.
#pragma once

#include <string>
#include <vector>

#include "../common/image.h"

namespace docket::cuda {

/** Number of usable GPUs; 0 when the driver or a device is missing (never throws). */
int DeviceCount();
std::string DeviceName();
std::string RuntimeVersion();

Gray ToGray(const uint8_t* pixels, int width, int height, int channels);
Gray Median3x3(const Gray& img);
double LaplacianVariance(const Gray& img);
Gray Rotate(const Gray& img, double degrees);
Gray BinarizeSauvola(const Gray& img, int window, double k);
void Dense(const float* input, int rows, int inDim, const float* weights, const float* bias, int outDim, int activation, float* out);
std::vector<double> CosineScores(const float* query, const float* matrix, int n, int dim);

}  // namespace docket::cuda
