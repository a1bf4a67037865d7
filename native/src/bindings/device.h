// Which device runs the kernels: the GPU in a CUDA build with a visible device, else the CPU.
#pragma once

#include <string>
#include <vector>

#include "../kernels/kernels.h"

namespace docket {

bool CudaCompiled();
/** CUDA compiled in and at least one GPU visible (checked once). */
bool CudaActive();
std::string DeviceName();
std::string CudaRuntimeVersion();

const ImageOps& ActiveOps();
Gray RunToGray(const uint8_t* pixels, int width, int height, int channels);
void RunDense(const float* input, int rows, int inDim, const float* weights, const float* bias, int outDim, Activation act, float* out);
std::vector<double> RunCosineScores(const float* query, const float* matrix, int n, int dim);

}  // namespace docket
