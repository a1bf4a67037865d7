// Reading and checking JS arguments, building JS results. Every check mirrors native/validate.ts and throws a JS
// Error with code DOCKET_NATIVE_INPUT and a `reason` (DIMENSIONS, LENGTH, CHANNELS, ARGUMENT).
#pragma once

#include <napi.h>

#include <string>
#include <vector>

#include "../common/image.h"
#include "../kernels/kernels.h"

namespace docket {

[[noreturn]] void ThrowInput(Napi::Env env, const std::string& reason, const std::string& message);
/** A JS Error for an InputError raised on a worker thread. */
Napi::Error InputErrorValue(Napi::Env env, const std::string& reason, const std::string& message);

Gray ReadImage(Napi::Env env, const Napi::Value& value, const std::string& name);
std::vector<Gray> ReadImages(Napi::Env env, const Napi::Value& value);
Napi::Object ImageToJs(Napi::Env env, const Gray& img);

int ReadInt(Napi::Env env, const Napi::Value& value, int min, int max, const std::string& name);
double ReadNumber(Napi::Env env, const Napi::Value& value, double min, double max, const std::string& name);
std::vector<float> ReadFloats(Napi::Env env, const Napi::Value& value, const std::string& name);

PreprocessPlan ReadPlan(Napi::Env env, const Napi::Value& value);
Napi::Object MetricsToJs(Napi::Env env, const RawMetrics& m);
Napi::Object PreprocessToJs(Napi::Env env, const PreprocessOutput& out);

}  // namespace docket
