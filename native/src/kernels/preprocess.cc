// The OCR preprocessing chain; see native/fallback/preprocess.ts (same steps, same formulas for the parameters
// that follow the page's resolution).
#include <algorithm>
#include <cmath>

#include "kernels.h"

namespace docket {

namespace {

constexpr double kDefaultDpi = 300;

struct Params {
  double scale = 1, dpiOut = 0;
  int window = 31, despeckleMaxArea = 4, ruleMinLength = 0;
};

Params PlanParams(const PreprocessPlan& plan, double dpiIn, int w, int h) {
  Params p;
  if (plan.targetDpi > 0 && dpiIn > 0) {
    p.scale = std::min(4.0, std::max(0.25, plan.targetDpi / dpiIn));
    p.scale = std::min(p.scale, static_cast<double>(kMaxSide) / std::max(w, h));
    if (std::fabs(p.scale - 1) <= 0.15) p.scale = 1;
  }
  p.dpiOut = dpiIn > 0 ? dpiIn * p.scale : 0;
  const double assumed = p.dpiOut > 0 ? p.dpiOut : kDefaultDpi;
  p.window = plan.window;
  if (p.window == 0) p.window = std::min(101, std::max(15, static_cast<int>(std::floor((31 * assumed) / kDefaultDpi + 0.5)) | 1));
  p.despeckleMaxArea = plan.despeckleMaxArea;
  if (p.despeckleMaxArea < 0) p.despeckleMaxArea = std::max(2, static_cast<int>(std::floor(4 * (assumed / kDefaultDpi) * (assumed / kDefaultDpi) + 0.5)));
  p.ruleMinLength = plan.ruleMinLength;
  if (p.ruleMinLength < 0) p.ruleMinLength = static_cast<int>(std::floor(assumed / 2 + 0.5));
  return p;
}

}  // namespace

PreprocessOutput Preprocess(const Gray& img, const PreprocessPlan& plan, const ImageOps& ops) {
  PreprocessOutput out;
  out.metrics = PageMetrics(img, plan.maxSkewDegrees, ops);
  const double dpiIn = plan.sourceDpi > 0 ? plan.sourceDpi
                       : out.metrics.medianCharHeight > 0 ? std::floor(out.metrics.medianCharHeight * kDpiPerCharPx + 0.5)
                                                          : 0;
  const Params p = PlanParams(plan, dpiIn, img.width, img.height);
  Gray cur;
  const Gray* src = &img;
  if (plan.deskew && std::fabs(out.metrics.skewDegrees) >= plan.minSkewDegrees && out.metrics.skewDegrees != 0) {
    out.rotatedDegrees = -out.metrics.skewDegrees;
    cur = ops.rotate(*src, out.rotatedDegrees);
    src = &cur;
  }
  if (p.scale != 1) {
    cur = Resize(*src, std::max(1, static_cast<int>(std::floor(src->width * p.scale + 0.5))), std::max(1, static_cast<int>(std::floor(src->height * p.scale + 0.5))));
    src = &cur;
  }
  if (plan.binarize) {
    cur = ops.sauvola(*src, p.window, plan.k);
    cur = Despeckle(cur, p.despeckleMaxArea);
    src = &cur;
  }
  if (p.ruleMinLength > 0) {
    cur = RemoveRules(*src, p.ruleMinLength);
    src = &cur;
  }
  if (plan.cropMargin >= 0) {
    Box box;
    cur = CropToContent(*src, plan.cropMargin, &box);
    src = &cur;
  }
  out.image = src == &img ? img : std::move(cur);
  out.scale = p.scale;
  out.dpi = p.dpiOut;
  return out;
}

}  // namespace docket
