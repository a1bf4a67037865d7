// OcrEngine: one tesseract instance on its own thread, driven from JS with Promises.
//
//   const engine = new OcrEngine({ language: 'eng', data?: Buffer, dataPath?: string, psm?: number, variables?: {} });
//   await engine.ready;                      // the model is loaded (rejects with reason INIT when it cannot be)
//   const page = await engine.recognize(png, timeoutMs, { psm?, thresholding? });  // this page only; rejects with
//                                            // reason IMAGE | TIMEOUT | CANCELLED | CLOSED | FAILED
//   engine.cancel();                         // the page in flight stops at its next word (reason CANCELLED)
//   await engine.close();                    // after the queued jobs, frees the model and ends the thread
//
// Why a thread of its own and not an AsyncWorker on libuv's pool: a page takes seconds, and libuv's 4 pool threads
// also serve fs, zlib, sharp and the kernels of docket_native; OCR pages holding them would stall the rest of the
// read path, and an OCR pool larger than 4 could not run. Results come back through a ThreadSafeFunction, which is
// referenced only while a job is in flight so an idle engine never keeps the process alive.
#pragma once

#include <napi.h>

#include <memory>

namespace docket::ocr {

class EngineThread;

class OcrEngine : public Napi::ObjectWrap<OcrEngine> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit OcrEngine(const Napi::CallbackInfo& info);
  ~OcrEngine() override;

 private:
  Napi::Value Recognize(const Napi::CallbackInfo& info);
  void Cancel(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);

  std::shared_ptr<EngineThread> engine_;
};

}  // namespace docket::ocr
