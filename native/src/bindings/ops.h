// Registration functions of the binding files; addon.cc calls each once.
#pragma once

#include <napi.h>

namespace docket {

void RegisterImageOps(Napi::Env env, Napi::Object exports);
void RegisterAnalysisOps(Napi::Env env, Napi::Object exports);
void RegisterPreprocessOps(Napi::Env env, Napi::Object exports);
void RegisterModelOps(Napi::Env env, Napi::Object exports);
void RegisterVectorOps(Napi::Env env, Napi::Object exports);
void RegisterInfo(Napi::Env env, Napi::Object exports);

}  // namespace docket
