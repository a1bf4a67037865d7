// JS entry point of the dense layer (batched GEMM) that runs Docket's own small models.
#include <cstring>
#include <memory>

#include "device.h"
#include "js_convert.h"
#include "ops.h"
#include "promise_worker.h"

namespace docket {

namespace {

Napi::Value DenseJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto input = std::make_shared<std::vector<float>>(ReadFloats(env, info[0], "input"));
  const int rows = ReadInt(env, info[1], 1, 1 << 24, "rows");
  const int inDim = ReadInt(env, info[2], 1, 1 << 24, "inDim");
  auto weights = std::make_shared<std::vector<float>>(ReadFloats(env, info[3], "weights"));
  auto bias = std::make_shared<std::vector<float>>(ReadFloats(env, info[4], "bias"));
  const int outDim = ReadInt(env, info[5], 1, 1 << 24, "outDim");
  const std::string act = info[6].IsString() ? info[6].As<Napi::String>().Utf8Value() : "";
  Activation activation;
  if (act == "none") activation = Activation::kNone;
  else if (act == "relu") activation = Activation::kRelu;
  else if (act == "softmax") activation = Activation::kSoftmax;
  else ThrowInput(env, "ARGUMENT", "activation must be none, relu or softmax");
  if (input->size() != static_cast<size_t>(rows) * inDim) ThrowInput(env, "LENGTH", "input length is not rows x inDim");
  if (weights->size() != static_cast<size_t>(inDim) * outDim) ThrowInput(env, "LENGTH", "weights length is not inDim x outDim");
  if (bias->size() != static_cast<size_t>(outDim)) ThrowInput(env, "LENGTH", "bias length is not outDim");
  return PromiseWorker<std::vector<float>>::Run(
      env,
      [=]() {
        std::vector<float> out(static_cast<size_t>(rows) * outDim);
        RunDense(input->data(), rows, inDim, weights->data(), bias->data(), outDim, activation, out.data());
        return out;
      },
      [](Napi::Env e, std::vector<float>& out) -> Napi::Value {
        Napi::Float32Array arr = Napi::Float32Array::New(e, out.size());
        if (!out.empty()) std::memcpy(arr.Data(), out.data(), out.size() * sizeof(float));
        return arr;
      });
}

}  // namespace

void RegisterModelOps(Napi::Env env, Napi::Object exports) { exports.Set("dense", Napi::Function::New(env, DenseJs, "dense")); }

}  // namespace docket
