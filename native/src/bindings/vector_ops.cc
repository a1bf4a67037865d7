// JS entry points of the reranking kernels: cosine top-k and int8 quantization.
#include <cstring>
#include <memory>

#include "device.h"
#include "js_convert.h"
#include "ops.h"
#include "promise_worker.h"

namespace docket {

namespace {

Napi::Value CosineTopKJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto query = std::make_shared<std::vector<float>>(ReadFloats(env, info[0], "query"));
  auto matrix = std::make_shared<std::vector<float>>(ReadFloats(env, info[1], "matrix"));
  const int dim = ReadInt(env, info[2], 1, 1 << 20, "dim");
  const int k = ReadInt(env, info[3], 1, 1 << 24, "k");
  if (query->size() != static_cast<size_t>(dim)) ThrowInput(env, "LENGTH", "query length is not dim");
  if (matrix->size() % dim != 0) ThrowInput(env, "LENGTH", "matrix length is not a multiple of dim");
  const int n = static_cast<int>(matrix->size() / dim);
  return PromiseWorker<std::vector<Hit>>::Run(
      env, [=]() { return TopK(RunCosineScores(query->data(), matrix->data(), n, dim), k); },
      [](Napi::Env e, std::vector<Hit>& hits) -> Napi::Value {
        Napi::Array arr = Napi::Array::New(e, hits.size());
        for (size_t i = 0; i < hits.size(); i++) {
          Napi::Object o = Napi::Object::New(e);
          o.Set("index", hits[i].index);
          o.Set("score", hits[i].score);
          arr.Set(static_cast<uint32_t>(i), o);
        }
        return arr;
      });
}

struct Quantized {
  std::vector<int8_t> data;
  std::vector<double> scales;
};

Napi::Value QuantizeRowsJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto matrix = std::make_shared<std::vector<float>>(ReadFloats(env, info[0], "matrix"));
  const int dim = ReadInt(env, info[1], 1, 1 << 30, "dim");
  if (matrix->size() % dim != 0) ThrowInput(env, "LENGTH", "matrix length is not a multiple of dim");
  const size_t n = matrix->size() / dim;
  return PromiseWorker<Quantized>::Run(
      env,
      [=]() {
        Quantized q;
        q.data.resize(matrix->size());
        q.scales.resize(n);
        for (size_t r = 0; r < n; r++) q.scales[r] = QuantizeInt8(matrix->data() + r * dim, dim, q.data.data() + r * dim);
        return q;
      },
      [](Napi::Env e, Quantized& q) -> Napi::Value {
        Napi::Object o = Napi::Object::New(e);
        Napi::Int8Array data = Napi::Int8Array::New(e, q.data.size());
        if (!q.data.empty()) std::memcpy(data.Data(), q.data.data(), q.data.size());
        Napi::Float64Array scales = Napi::Float64Array::New(e, q.scales.size());
        if (!q.scales.empty()) std::memcpy(scales.Data(), q.scales.data(), q.scales.size() * sizeof(double));
        o.Set("data", data);
        o.Set("scales", scales);
        return o;
      });
}

}  // namespace

void RegisterVectorOps(Napi::Env env, Napi::Object exports) {
  exports.Set("cosineTopK", Napi::Function::New(env, CosineTopKJs, "cosineTopK"));
  exports.Set("quantizeInt8Rows", Napi::Function::New(env, QuantizeRowsJs, "quantizeInt8Rows"));
}

}  // namespace docket
