// JS entry points of the measuring kernels: skew and page metrics (single and batch).
#include "device.h"
#include "js_convert.h"
#include "ops.h"
#include "../common/parallel.h"
#include "promise_worker.h"

namespace docket {

namespace {

Napi::Value EstimateSkewJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto img = std::make_shared<Gray>(ReadImage(env, info[0], "image"));
  const double maxDegrees = ReadNumber(env, info[1], 0.05, 45, "maxDegrees");
  return PromiseWorker<double>::Run(env, [=]() { return EstimateSkew(*img, maxDegrees); }, [](Napi::Env e, double& v) -> Napi::Value { return Napi::Number::New(e, v); });
}

Napi::Value PageMetricsJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto img = std::make_shared<Gray>(ReadImage(env, info[0], "image"));
  const double maxSkew = ReadNumber(env, info[1], 0.05, 45, "maxSkewDegrees");
  return PromiseWorker<RawMetrics>::Run(env, [=]() { return PageMetrics(*img, maxSkew, ActiveOps()); }, [](Napi::Env e, RawMetrics& m) -> Napi::Value { return MetricsToJs(e, m); });
}

/** One AsyncWorker for the whole batch; pages run in parallel, one per core. */
Napi::Value PageMetricsBatchJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto imgs = std::make_shared<std::vector<Gray>>(ReadImages(env, info[0]));
  const double maxSkew = ReadNumber(env, info[1], 0.05, 45, "maxSkewDegrees");
  return PromiseWorker<std::vector<RawMetrics>>::Run(
      env,
      [=]() {
        std::vector<RawMetrics> out(imgs->size());
        ParallelTasks(static_cast<int>(imgs->size()), [&](int i) { out[i] = PageMetrics((*imgs)[i], maxSkew, ActiveOps()); });
        return out;
      },
      [](Napi::Env e, std::vector<RawMetrics>& all) -> Napi::Value {
        Napi::Array arr = Napi::Array::New(e, all.size());
        for (size_t i = 0; i < all.size(); i++) arr.Set(static_cast<uint32_t>(i), MetricsToJs(e, all[i]));
        return arr;
      });
}

}  // namespace

void RegisterAnalysisOps(Napi::Env env, Napi::Object exports) {
  exports.Set("estimateSkew", Napi::Function::New(env, EstimateSkewJs, "estimateSkew"));
  exports.Set("pageMetrics", Napi::Function::New(env, PageMetricsJs, "pageMetrics"));
  exports.Set("pageMetricsBatch", Napi::Function::New(env, PageMetricsBatchJs, "pageMetricsBatch"));
}

}  // namespace docket
