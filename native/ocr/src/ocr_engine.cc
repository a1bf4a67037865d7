// OcrEngine and the thread behind it. Ownership: the JS wrapper and the ThreadSafeFunction's finalizer each hold a
// shared_ptr to the EngineThread; the thread itself only a raw pointer, which stays valid because the finalizer
// joins the thread before it lets go. Jobs are allocated on the JS thread, run on the engine thread and come back
// through the ThreadSafeFunction, where their Promise is settled and they are freed.
#include "ocr_engine.h"

#include <dlfcn.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <new>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "page_reader.h"

namespace docket::ocr {

/** One unit of work for the engine thread; lives from the JS call until its Promise is settled. */
struct Job {
  enum class Kind { kInit, kPage, kExit };

  Job(Kind k, Napi::Env env) : kind(k), deferred(Napi::Promise::Deferred::New(env)) {}

  Kind kind;
  Napi::Promise::Deferred deferred;
  std::vector<uint8_t> bytes;
  int timeoutMs = 0;
  ReadMode mode;
  // Results, written on the engine thread.
  std::string reason;  // empty = success; else IMAGE, TIMEOUT, CANCELLED, INIT, CLOSED, FAILED
  std::string message;
  PageResult page;
};

namespace {

Napi::Object BoxToJs(Napi::Env env, const Box& b) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("x0", b.x0);
  o.Set("y0", b.y0);
  o.Set("x1", b.x1);
  o.Set("y1", b.y1);
  return o;
}

/** The shape of a tesseract.js line (confidence, bbox, words[{ text, confidence, bbox }]). */
Napi::Object PageToJs(Napi::Env env, const PageResult& page) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("width", page.width);
  o.Set("height", page.height);
  o.Set("dpi", page.dpi);
  Napi::Array lines = Napi::Array::New(env, page.lines.size());
  for (size_t i = 0; i < page.lines.size(); ++i) {
    const LineResult& line = page.lines[i];
    Napi::Object l = Napi::Object::New(env);
    l.Set("confidence", line.confidence);
    l.Set("bbox", BoxToJs(env, line.box));
    Napi::Array words = Napi::Array::New(env, line.words.size());
    for (size_t j = 0; j < line.words.size(); ++j) {
      const WordResult& word = line.words[j];
      Napi::Object w = Napi::Object::New(env);
      w.Set("text", Napi::String::New(env, word.text));
      w.Set("confidence", word.confidence);
      w.Set("bbox", BoxToJs(env, word.box));
      words.Set(static_cast<uint32_t>(j), w);
    }
    l.Set("words", words);
    lines.Set(static_cast<uint32_t>(i), l);
  }
  o.Set("lines", lines);
  return o;
}

Napi::Error ReasonError(Napi::Env env, const std::string& reason, const std::string& message) {
  Napi::Error error = Napi::Error::New(env, "docket ocr: " + message);
  error.Set("code", Napi::String::New(env, "DOCKET_OCR_ENGINE"));
  error.Set("reason", Napi::String::New(env, reason));
  return error;
}

/**
 * Debian's libtesseract runs its LSTM with OpenMP, asking for 4 threads per page (num_threads clauses, which
 * omp_set_num_threads does not cap, and OMP_THREAD_LIMIT is read only when libgomp loads). Zero active levels =
 * every parallel region runs on the calling thread: one core per page, so an OCR pool of N engines uses N cores, as
 * the tesseract CLI with OMP_THREAD_LIMIT=1. Looked up at run time so a libtesseract without OpenMP needs nothing;
 * libgomp keeps the setting process-wide (nothing else in Docket uses OpenMP).
 */
void OneThreadPerPage() {
  static const auto set_levels = []() -> void (*)(int) {
    void* gomp = dlopen("libgomp.so.1", RTLD_LAZY | RTLD_NOLOAD);
    return gomp ? reinterpret_cast<void (*)(int)>(dlsym(gomp, "omp_set_max_active_levels")) : nullptr;
  }();
  if (set_levels) set_levels(0);
}

InitOptions ReadOptions(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject()) throw Napi::TypeError::New(env, "OcrEngine: options object expected");
  Napi::Object o = info[0].As<Napi::Object>();
  InitOptions init;
  if (o.Has("language")) init.language = o.Get("language").As<Napi::String>().Utf8Value();
  if (init.language.empty()) throw Napi::TypeError::New(env, "OcrEngine: language must not be empty");
  Napi::Value data = o.Get("data");
  if (data.IsTypedArray()) {
    Napi::Uint8Array bytes = data.As<Napi::Uint8Array>();
    init.data.assign(reinterpret_cast<const char*>(bytes.Data()), reinterpret_cast<const char*>(bytes.Data()) + bytes.ByteLength());
  } else if (o.Get("dataPath").IsString()) {
    init.dataPath = o.Get("dataPath").As<Napi::String>().Utf8Value();
  } else {
    throw Napi::TypeError::New(env, "OcrEngine: data (traineddata bytes) or dataPath (tessdata folder) expected");
  }
  if (o.Get("psm").IsNumber()) {
    init.psm = o.Get("psm").As<Napi::Number>().Int32Value();
    if (init.psm < 0 || init.psm > 13) throw Napi::RangeError::New(env, "OcrEngine: psm must be 0..13");
  }
  if (o.Get("variables").IsObject()) {
    Napi::Object vars = o.Get("variables").As<Napi::Object>();
    Napi::Array names = vars.GetPropertyNames();
    for (uint32_t i = 0; i < names.Length(); ++i) {
      std::string name = names.Get(i).As<Napi::String>().Utf8Value();
      init.variables.emplace_back(name, vars.Get(name).ToString().Utf8Value());
    }
  }
  return init;
}

}  // namespace

class EngineThread {
 public:
  explicit EngineThread(InitOptions init) : init_(std::move(init)) {}

  ~EngineThread() {
    // Normally joined by the finalizer; a thread still running here would terminate the process.
    if (thread_.joinable()) {
      Abandon();
      thread_.join();
    }
  }

  /** JS thread: the ThreadSafeFunction (unreferenced while idle) and the thread, which loads the model first. */
  Napi::Promise Start(Napi::Env env, const std::shared_ptr<EngineThread>& self) {
    tsfn_ = Tsfn::New(env, "docket_ocr", 0, 1, this, &EngineThread::Finalize, new std::shared_ptr<EngineThread>(self));
    tsfn_.Unref(env);
    auto* init = new Job(Job::Kind::kInit, env);
    Napi::Promise ready = init->deferred.Promise();
    Post(env, init);
    try {
      thread_ = std::thread(&EngineThread::Run, this);
    } catch (const std::system_error& e) {
      tsfn_.Release();
      throw Napi::Error::New(env, std::string("docket ocr: cannot start the engine thread: ") + e.what());
    }
    return ready;
  }

  /** JS thread. */
  void Post(Napi::Env env, Job* job) {
    if (job->kind != Job::Kind::kExit && pending_++ == 0) tsfn_.Ref(env);
    if (job->kind == Job::Kind::kExit) tsfn_.Ref(env);  // until the thread is gone and the function closes
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(job);
    }
    wake_.notify_one();
  }

  void Cancel() { cancel_.store(true); }

  /** Stops after the job in flight (which is cancelled); queued jobs fail with CLOSED. Any thread. */
  void Abandon() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      abandoned_ = true;
    }
    cancel_.store(true);
    wake_.notify_one();
  }

  bool closing = false;  // JS thread: close() was called
  Napi::Reference<Napi::Promise> closed;

 private:
  static void Deliver(Napi::Env env, Napi::Function /*unused*/, EngineThread* self, Job* job);
  using Tsfn = Napi::TypedThreadSafeFunction<EngineThread, Job, &EngineThread::Deliver>;

  static void Finalize(Napi::Env /*env*/, std::shared_ptr<EngineThread>* holder, EngineThread* self) {
    // After the thread released the function (normal close), or at environment teardown: then stop it first.
    self->Abandon();
    if (self->thread_.joinable()) self->thread_.join();
    delete holder;
  }

  void Run() {
    OneThreadPerPage();
    for (;;) {
      Job* job = nullptr;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [this] { return abandoned_ || !queue_.empty(); });
        if (abandoned_) break;
        job = queue_.front();
        queue_.pop_front();
      }
      Execute(job);
      const bool exit = job->kind == Job::Kind::kExit;
      if (tsfn_.BlockingCall(job) != napi_ok) delete job;
      if (exit) break;
    }
    reader_.reset();
    std::deque<Job*> left;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      left.swap(queue_);
    }
    for (Job* job : left) {
      job->reason = "CLOSED";
      job->message = "the OCR engine was closed";
      if (tsfn_.BlockingCall(job) != napi_ok) delete job;
    }
    tsfn_.Release();
  }

  void Execute(Job* job) {
    try {
      switch (job->kind) {
        case Job::Kind::kInit:
          reader_ = std::make_unique<PageReader>(init_);
          init_.data = std::vector<char>();  // the model now lives in tesseract's own structures
          break;
        case Job::Kind::kPage: {
          if (!reader_) {
            job->reason = "INIT";
            job->message = "the OCR model is not loaded";
            break;
          }
          cancel_.store(false);
          const Outcome outcome = reader_->Read(job->bytes.data(), job->bytes.size(), job->timeoutMs, cancel_, &job->page, job->mode);
          job->bytes = std::vector<uint8_t>();
          if (outcome == Outcome::kTimeout) {
            job->reason = "TIMEOUT";
            job->message = "the page took longer than " + std::to_string(job->timeoutMs) + " ms";
          } else if (outcome == Outcome::kCancelled) {
            job->reason = "CANCELLED";
            job->message = "the page was cancelled";
          }
          break;
        }
        case Job::Kind::kExit:
          reader_.reset();
          break;
      }
    } catch (const ImageError& e) {
      job->reason = "IMAGE";
      job->message = e.what();
    } catch (const std::bad_alloc&) {
      job->reason = "FAILED";
      job->message = "out of memory";
    } catch (const std::exception& e) {
      job->reason = job->kind == Job::Kind::kInit ? "INIT" : "FAILED";
      job->message = e.what();
    }
  }

  InitOptions init_;
  std::unique_ptr<PageReader> reader_;  // engine thread only
  std::thread thread_;
  Tsfn tsfn_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job*> queue_;
  bool abandoned_ = false;
  std::atomic<bool> cancel_{false};
  size_t pending_ = 0;  // JS thread: init and page jobs not yet delivered
};

void EngineThread::Deliver(Napi::Env env, Napi::Function /*unused*/, EngineThread* self, Job* job) {
  std::unique_ptr<Job> owned(job);
  // A null env: the function is being torn down with the environment; nothing to settle.
  if (env == nullptr) return;
  try {
    Napi::HandleScope scope(env);
    if (job->kind != Job::Kind::kExit && --self->pending_ == 0) self->tsfn_.Unref(env);
    if (!job->reason.empty()) {
      job->deferred.Reject(ReasonError(env, job->reason, job->message).Value());
    } else if (job->kind == Job::Kind::kPage) {
      job->deferred.Resolve(PageToJs(env, job->page));
    } else {
      job->deferred.Resolve(env.Undefined());
    }
  } catch (const Napi::Error& e) {
    job->deferred.Reject(e.Value());
  } catch (...) {
    // Never let an exception cross back into libuv.
  }
}

Napi::Function OcrEngine::Define(Napi::Env env) {
  return DefineClass(env, "OcrEngine",
                     {
                         InstanceMethod<&OcrEngine::Recognize>("recognize"),
                         InstanceMethod<&OcrEngine::Cancel>("cancel"),
                         InstanceMethod<&OcrEngine::Close>("close"),
                     });
}

OcrEngine::OcrEngine(const Napi::CallbackInfo& info) : Napi::ObjectWrap<OcrEngine>(info) {
  engine_ = std::make_shared<EngineThread>(ReadOptions(info));
  Napi::Promise ready = engine_->Start(info.Env(), engine_);
  info.This().As<Napi::Object>().Set("ready", ready);
}

OcrEngine::~OcrEngine() {
  // Collected without close(): the thread stops after its current page and the finalizer joins it.
  if (engine_) engine_->Abandon();
}

Napi::Value OcrEngine::Recognize(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsTypedArray()) throw Napi::TypeError::New(env, "recognize: image bytes (Buffer) expected");
  int timeoutMs = 0;
  if (info.Length() > 1 && info[1].IsNumber()) {
    const double t = info[1].As<Napi::Number>().DoubleValue();
    if (!(t >= 0) || t > 2147483647.0) throw Napi::RangeError::New(env, "recognize: timeoutMs must be 0..2^31-1");
    timeoutMs = static_cast<int>(t);
  }
  ReadMode mode;
  if (info.Length() > 2 && info[2].IsObject()) {
    Napi::Object o = info[2].As<Napi::Object>();
    if (o.Get("psm").IsNumber()) {
      mode.psm = o.Get("psm").As<Napi::Number>().Int32Value();
      if (mode.psm < 0 || mode.psm > 13) throw Napi::RangeError::New(env, "recognize: psm must be 0..13");
    }
    if (o.Get("thresholding").IsNumber()) {
      mode.thresholding = o.Get("thresholding").As<Napi::Number>().Int32Value();
      if (mode.thresholding < 0 || mode.thresholding > 2) throw Napi::RangeError::New(env, "recognize: thresholding must be 0..2");
    }
  }
  auto* job = new Job(Job::Kind::kPage, env);
  job->mode = mode;
  Napi::Promise promise = job->deferred.Promise();
  if (engine_->closing) {
    std::unique_ptr<Job> owned(job);
    job->deferred.Reject(ReasonError(env, "CLOSED", "the OCR engine is closed").Value());
    return promise;
  }
  Napi::Uint8Array bytes = info[0].As<Napi::Uint8Array>();
  job->bytes.assign(bytes.Data(), bytes.Data() + bytes.ByteLength());  // JS may reuse its buffer at once
  job->timeoutMs = timeoutMs;
  engine_->Post(env, job);
  return promise;
}

void OcrEngine::Cancel(const Napi::CallbackInfo& /*info*/) { engine_->Cancel(); }

Napi::Value OcrEngine::Close(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (engine_->closing) return engine_->closed.Value();
  engine_->closing = true;
  auto* job = new Job(Job::Kind::kExit, env);
  Napi::Promise promise = job->deferred.Promise();
  engine_->closed = Napi::Persistent(promise);
  engine_->Post(env, job);
  return promise;
}

}  // namespace docket::ocr
