// JS entry points of the OCR preprocessing chain (single and batch).
#include "device.h"
#include "js_convert.h"
#include "ops.h"
#include "../common/parallel.h"
#include "promise_worker.h"

namespace docket {

namespace {

Napi::Value PreprocessJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto img = std::make_shared<Gray>(ReadImage(env, info[0], "image"));
  const PreprocessPlan plan = ReadPlan(env, info[1]);
  return PromiseWorker<PreprocessOutput>::Run(env, [=]() { return Preprocess(*img, plan, ActiveOps()); }, [](Napi::Env e, PreprocessOutput& o) -> Napi::Value { return PreprocessToJs(e, o); });
}

Napi::Value PreprocessBatchJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto imgs = std::make_shared<std::vector<Gray>>(ReadImages(env, info[0]));
  const PreprocessPlan plan = ReadPlan(env, info[1]);
  return PromiseWorker<std::vector<PreprocessOutput>>::Run(
      env,
      [=]() {
        std::vector<PreprocessOutput> out(imgs->size());
        ParallelTasks(static_cast<int>(imgs->size()), [&](int i) { out[i] = Preprocess((*imgs)[i], plan, ActiveOps()); });
        return out;
      },
      [](Napi::Env e, std::vector<PreprocessOutput>& all) -> Napi::Value {
        Napi::Array arr = Napi::Array::New(e, all.size());
        for (size_t i = 0; i < all.size(); i++) arr.Set(static_cast<uint32_t>(i), PreprocessToJs(e, all[i]));
        return arr;
      });
}

}  // namespace

void RegisterPreprocessOps(Napi::Env env, Napi::Object exports) {
  exports.Set("preprocess", Napi::Function::New(env, PreprocessJs, "preprocess"));
  exports.Set("preprocessBatch", Napi::Function::New(env, PreprocessBatchJs, "preprocessBatch"));
}

}  // namespace docket
