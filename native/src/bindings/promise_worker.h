// The one AsyncWorker: runs a kernel on the libuv thread pool and settles a Promise. Kernel InputErrors become JS
// errors with code DOCKET_NATIVE_INPUT and a reason; anything else rejects with its message.
#pragma once

#include <napi.h>

#include <functional>
#include <new>
#include <string>
#include <utility>

#include "../common/input_error.h"
#include "js_convert.h"

namespace docket {

template <typename Result>
class PromiseWorker : public Napi::AsyncWorker {
 public:
  using Work = std::function<Result()>;
  using ToJs = std::function<Napi::Value(Napi::Env, Result&)>;

  /** Queues `work` and returns the Promise of `toJs(result)`. */
  static Napi::Promise Run(Napi::Env env, Work work, ToJs toJs) {
    auto* worker = new PromiseWorker(env, std::move(work), std::move(toJs));
    Napi::Promise promise = worker->deferred_.Promise();
    worker->Queue();
    return promise;
  }

 protected:
  void Execute() override {
    try {
      result_ = work_();
    } catch (const InputError& e) {
      reason_ = e.reason();
      SetError(e.what());
    } catch (const std::bad_alloc&) {
      SetError("docket native: out of memory");
    } catch (const std::exception& e) {
      SetError(e.what());
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    try {
      deferred_.Resolve(toJs_(env, result_));
    } catch (const Napi::Error& e) {
      deferred_.Reject(e.Value());
    }
  }

  void OnError(const Napi::Error& error) override {
    if (reason_.empty()) {
      deferred_.Reject(error.Value());
    } else {
      deferred_.Reject(InputErrorValue(Env(), reason_, error.Message()).Value());
    }
  }

 private:
  PromiseWorker(Napi::Env env, Work work, ToJs toJs)
      : Napi::AsyncWorker(env, "docket_native"), deferred_(Napi::Promise::Deferred::New(env)), work_(std::move(work)), toJs_(std::move(toJs)) {}

  Napi::Promise::Deferred deferred_;
  Work work_;
  ToJs toJs_;
  Result result_{};
  std::string reason_;
};

}  // namespace docket
