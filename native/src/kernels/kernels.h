// The CPU kernels. Each has a TypeScript twin in native/fallback/ written to give the same bytes (image kernels)
// or the same values within float tolerance (dense, cosine). Keep the two in step: native.test.ts compares them.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "../common/image.h"

namespace docket {

using Histogram = std::array<double, 256>;

// pixels.cc
constexpr int kInkLevel = 128;
constexpr int kInkMinDepth = 48;
Gray ToGray(const uint8_t* pixels, int width, int height, int channels);
Histogram ComputeHistogram(const Gray& img);
int PercentileLevel(const Histogram& hist, double total, double q);
int Otsu(const Histogram& hist, double total);
int InkThreshold(const Histogram& hist, double total);
Gray DownsampleBox(const Gray& img, int f);
Gray Median3x3(const Gray& img);

// skew.cc
double EstimateSkew(const Gray& img, double maxDegrees);

// geometry.cc
struct Box {
  int x = 0, y = 0, width = 0, height = 0;
};
Gray Rotate(const Gray& img, double degrees);
Gray Resize(const Gray& img, int outW, int outH);
Gray CropToContent(const Gray& img, int margin, Box* box);

// sauvola.cc
Gray BinarizeSauvola(const Gray& img, int window, double k);

// components.cc
Gray Despeckle(const Gray& img, int maxArea);
Gray RemoveRules(const Gray& img, int minLength);
int MedianCharHeight(const Gray& img, int maxInk);

// quality.cc
struct RawMetrics {
  double blurVariance = 0, contrast = 0, skewDegrees = 0, inkCoverage = 0;
  int medianCharHeight = 0;
};
double LaplacianVariance(const Gray& img);

/**
 * The per-pixel steps of quality and preprocessing that a GPU build replaces (src/cuda/); the rest (histograms,
 * skew search, connected components) stays on the CPU. Defaults are the CPU kernels.
 */
struct ImageOps {
  Gray (*median3x3)(const Gray&) = Median3x3;
  double (*laplacianVariance)(const Gray&) = LaplacianVariance;
  Gray (*rotate)(const Gray&, double) = Rotate;
  Gray (*sauvola)(const Gray&, int, double) = BinarizeSauvola;
};

RawMetrics PageMetrics(const Gray& img, double maxSkewDegrees, const ImageOps& ops = ImageOps{});

// preprocess.cc
struct PreprocessPlan {
  bool deskew = true;
  double maxSkewDegrees = 5, minSkewDegrees = 0.1, sourceDpi = 0, targetDpi = 0;
  bool binarize = true;
  int window = 0;
  double k = 0.2;
  int despeckleMaxArea = -1, ruleMinLength = -1, cropMargin = -1;
};
struct PreprocessOutput {
  Gray image;
  RawMetrics metrics;
  double rotatedDegrees = 0, scale = 1, dpi = 0;
};
/** Resolution from the median character height; keep in step with DPI_PER_CHAR_PX in native/quality-verdict.ts. */
constexpr double kDpiPerCharPx = 11.8;
PreprocessOutput Preprocess(const Gray& img, const PreprocessPlan& plan, const ImageOps& ops = ImageOps{});

// dense.cc
enum class Activation { kNone, kRelu, kSoftmax };
void Dense(const float* input, int rows, int inDim, const float* weights, const float* bias, int outDim, Activation act, float* out);

// vectors.cc
struct Hit {
  int index;
  double score;
};
std::vector<double> CosineScores(const float* query, const float* matrix, int n, int dim);
std::vector<Hit> TopK(const std::vector<double>& scores, int k);
double QuantizeInt8(const float* v, int n, int8_t* out);

}  // namespace docket
