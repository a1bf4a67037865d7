// docket_ocr.node: native OCR on libtesseract (optional; built by native/build.mjs only where pkg-config finds
// tesseract and lept). Registers exports only; the TypeScript door is native/ocr-addon.ts.
#include <allheaders.h>
#include <napi.h>

#include "ocr_engine.h"
#include "page_reader.h"

namespace {

Napi::Value Versions(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), docket::ocr::LibraryVersions()); }

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  // Leptonica reports an undecodable image on stderr; the engine reports it as a typed error instead.
  setMsgSeverity(L_SEVERITY_NONE);
  exports.Set("OcrEngine", docket::ocr::OcrEngine::Define(env));
  exports.Set("versions", Napi::Function::New(env, Versions, "versions"));
  return exports;
}

}  // namespace

NODE_API_MODULE(docket_ocr, Init)
