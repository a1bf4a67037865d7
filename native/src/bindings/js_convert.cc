#include "js_convert.h"

#include <cmath>
#include <cstring>

namespace docket {

Napi::Error InputErrorValue(Napi::Env env, const std::string& reason, const std::string& message) {
  Napi::Error err = Napi::Error::New(env, message);
  err.Set("code", Napi::String::New(env, "DOCKET_NATIVE_INPUT"));
  err.Set("reason", Napi::String::New(env, reason));
  return err;
}

void ThrowInput(Napi::Env env, const std::string& reason, const std::string& message) { throw InputErrorValue(env, reason, message); }

namespace {

int ReadSide(Napi::Env env, const Napi::Value& v, const std::string& name) {
  const double d = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : NAN;
  if (!(d >= 1 && d <= kMaxSide && std::floor(d) == d)) ThrowInput(env, "DIMENSIONS", name + " must be an integer in 1.." + std::to_string(kMaxSide));
  return static_cast<int>(d);
}

}  // namespace

Gray ReadImage(Napi::Env env, const Napi::Value& value, const std::string& name) {
  if (!value.IsObject()) ThrowInput(env, "ARGUMENT", name + " must be { width, height, data }");
  const Napi::Object obj = value.As<Napi::Object>();
  const int w = ReadSide(env, obj.Get("width"), name + ".width");
  const int h = ReadSide(env, obj.Get("height"), name + ".height");
  const Napi::Value data = obj.Get("data");
  if (!data.IsTypedArray() || data.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) ThrowInput(env, "ARGUMENT", name + ".data must be a Uint8Array");
  const Napi::Uint8Array bytes = data.As<Napi::Uint8Array>();
  if (bytes.ElementLength() != static_cast<size_t>(w) * h) ThrowInput(env, "LENGTH", name + ".data length does not match width x height");
  // Copied: the worker thread must not read memory that JS may change or detach while it runs.
  return Gray(w, h, std::vector<uint8_t>(bytes.Data(), bytes.Data() + bytes.ElementLength()));
}

std::vector<Gray> ReadImages(Napi::Env env, const Napi::Value& value) {
  if (!value.IsArray()) ThrowInput(env, "ARGUMENT", "images must be an array");
  const Napi::Array arr = value.As<Napi::Array>();
  std::vector<Gray> out;
  out.reserve(arr.Length());
  for (uint32_t i = 0; i < arr.Length(); i++) out.push_back(ReadImage(env, arr.Get(i), "images[" + std::to_string(i) + "]"));
  return out;
}

Napi::Object ImageToJs(Napi::Env env, const Gray& img) {
  Napi::Object obj = Napi::Object::New(env);
  Napi::Uint8Array data = Napi::Uint8Array::New(env, img.size());
  if (img.size() > 0) std::memcpy(data.Data(), img.data.data(), img.size());
  obj.Set("width", img.width);
  obj.Set("height", img.height);
  obj.Set("data", data);
  return obj;
}

int ReadInt(Napi::Env env, const Napi::Value& value, int min, int max, const std::string& name) {
  const double d = value.IsNumber() ? value.As<Napi::Number>().DoubleValue() : NAN;
  if (!(d >= min && d <= max && std::floor(d) == d)) ThrowInput(env, "ARGUMENT", name + " must be an integer in " + std::to_string(min) + ".." + std::to_string(max));
  return static_cast<int>(d);
}

double ReadNumber(Napi::Env env, const Napi::Value& value, double min, double max, const std::string& name) {
  const double d = value.IsNumber() ? value.As<Napi::Number>().DoubleValue() : NAN;
  if (!(d >= min && d <= max)) ThrowInput(env, "ARGUMENT", name + " must be a number in range");
  return d;
}

std::vector<float> ReadFloats(Napi::Env env, const Napi::Value& value, const std::string& name) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) ThrowInput(env, "ARGUMENT", name + " must be a Float32Array");
  const Napi::Float32Array arr = value.As<Napi::Float32Array>();
  return std::vector<float>(arr.Data(), arr.Data() + arr.ElementLength());
}

PreprocessPlan ReadPlan(Napi::Env env, const Napi::Value& value) {
  if (!value.IsObject()) ThrowInput(env, "ARGUMENT", "plan must be an object");
  const Napi::Object o = value.As<Napi::Object>();
  PreprocessPlan p;
  p.deskew = o.Get("deskew").ToBoolean();
  p.maxSkewDegrees = ReadNumber(env, o.Get("maxSkewDegrees"), 0.05, 45, "maxSkewDegrees");
  p.minSkewDegrees = ReadNumber(env, o.Get("minSkewDegrees"), 0, 45, "minSkewDegrees");
  p.sourceDpi = ReadNumber(env, o.Get("sourceDpi"), 0, 2400, "sourceDpi");
  p.targetDpi = ReadNumber(env, o.Get("targetDpi"), 0, 2400, "targetDpi");
  p.binarize = o.Get("binarize").ToBoolean();
  p.window = ReadInt(env, o.Get("window"), 0, 255, "window");
  if (p.window != 0 && (p.window < 3 || p.window % 2 == 0)) ThrowInput(env, "ARGUMENT", "window must be odd and at least 3");
  p.k = ReadNumber(env, o.Get("k"), 0, 1, "k");
  p.despeckleMaxArea = ReadInt(env, o.Get("despeckleMaxArea"), -1, 1000000, "despeckleMaxArea");
  p.ruleMinLength = ReadInt(env, o.Get("ruleMinLength"), -1, kMaxSide, "ruleMinLength");
  p.cropMargin = ReadInt(env, o.Get("cropMargin"), -1, kMaxSide, "cropMargin");
  return p;
}

Napi::Object MetricsToJs(Napi::Env env, const RawMetrics& m) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("blurVariance", m.blurVariance);
  o.Set("contrast", m.contrast);
  o.Set("skewDegrees", m.skewDegrees);
  o.Set("inkCoverage", m.inkCoverage);
  o.Set("medianCharHeight", m.medianCharHeight);
  return o;
}

Napi::Object PreprocessToJs(Napi::Env env, const PreprocessOutput& out) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("image", ImageToJs(env, out.image));
  o.Set("metrics", MetricsToJs(env, out.metrics));
  o.Set("rotatedDegrees", out.rotatedDegrees);
  o.Set("scale", out.scale);
  o.Set("dpi", out.dpi);
  return o;
}

}  // namespace docket
