// JS entry points of the image kernels: check arguments here (synchronously), compute on the thread pool.
#include <cmath>

#include "device.h"
#include "js_convert.h"
#include "ops.h"
#include "promise_worker.h"

namespace docket {

namespace {

Napi::Value ImageResult(Napi::Env env, Gray& img) { return ImageToJs(env, img); }

Napi::Value ToGrayJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) ThrowInput(env, "ARGUMENT", "pixels must be a Uint8Array");
  const Napi::Uint8Array px = info[0].As<Napi::Uint8Array>();
  const double wd = info[1].IsNumber() ? info[1].As<Napi::Number>().DoubleValue() : NAN;
  const double hd = info[2].IsNumber() ? info[2].As<Napi::Number>().DoubleValue() : NAN;
  if (!(wd >= 1 && wd <= kMaxSide && std::floor(wd) == wd && hd >= 1 && hd <= kMaxSide && std::floor(hd) == hd)) ThrowInput(env, "DIMENSIONS", "width and height must be integers in 1..16384");
  const int w = static_cast<int>(wd), h = static_cast<int>(hd);
  const double ch = info[3].IsNumber() ? info[3].As<Napi::Number>().DoubleValue() : NAN;
  if (!(ch == 1 || ch == 3 || ch == 4)) ThrowInput(env, "CHANNELS", "channels must be 1, 3 or 4");
  const int channels = static_cast<int>(ch);
  if (px.ElementLength() != static_cast<size_t>(w) * h * channels) ThrowInput(env, "LENGTH", "pixels length does not match width x height x channels");
  auto bytes = std::make_shared<std::vector<uint8_t>>(px.Data(), px.Data() + px.ElementLength());
  return PromiseWorker<Gray>::Run(env, [=]() { return RunToGray(bytes->data(), w, h, channels); }, ImageResult);
}

Napi::Value RotateJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto img = std::make_shared<Gray>(ReadImage(env, info[0], "image"));
  const double degrees = ReadNumber(env, info[1], -360, 360, "degrees");
  return PromiseWorker<Gray>::Run(env, [=]() { return ActiveOps().rotate(*img, degrees); }, ImageResult);
}

Napi::Value ResizeJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto img = std::make_shared<Gray>(ReadImage(env, info[0], "image"));
  const double scale = ReadNumber(env, info[1], 1e-4, 8, "scale");
  const int ow = std::max(1, static_cast<int>(std::floor(img->width * scale + 0.5)));
  const int oh = std::max(1, static_cast<int>(std::floor(img->height * scale + 0.5)));
  if (ow > kMaxSide || oh > kMaxSide) ThrowInput(env, "DIMENSIONS", "resized image is over 16384 px a side");
  return PromiseWorker<Gray>::Run(env, [=]() { return Resize(*img, ow, oh); }, ImageResult);
}

Napi::Value SauvolaJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto img = std::make_shared<Gray>(ReadImage(env, info[0], "image"));
  const int window = ReadInt(env, info[1], 3, 255, "window");
  if (window % 2 == 0) ThrowInput(env, "ARGUMENT", "window must be odd");
  const double k = ReadNumber(env, info[2], 0, 1, "k");
  return PromiseWorker<Gray>::Run(env, [=]() { return ActiveOps().sauvola(*img, window, k); }, ImageResult);
}

Napi::Value DespeckleJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto img = std::make_shared<Gray>(ReadImage(env, info[0], "image"));
  const int maxArea = ReadInt(env, info[1], 0, 1000000, "maxArea");
  return PromiseWorker<Gray>::Run(env, [=]() { return Despeckle(*img, maxArea); }, ImageResult);
}

Napi::Value RemoveRulesJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto img = std::make_shared<Gray>(ReadImage(env, info[0], "image"));
  const int minLength = ReadInt(env, info[1], 0, kMaxSide, "minLength");
  return PromiseWorker<Gray>::Run(env, [=]() { return RemoveRules(*img, minLength); }, ImageResult);
}

struct Cropped {
  Gray image;
  Box box;
};

Napi::Value CropJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto img = std::make_shared<Gray>(ReadImage(env, info[0], "image"));
  const int margin = ReadInt(env, info[1], 0, kMaxSide, "margin");
  return PromiseWorker<Cropped>::Run(
      env,
      [=]() {
        Cropped c;
        c.image = CropToContent(*img, margin, &c.box);
        return c;
      },
      [](Napi::Env e, Cropped& c) -> Napi::Value {
        Napi::Object o = Napi::Object::New(e);
        Napi::Object box = Napi::Object::New(e);
        box.Set("x", c.box.x);
        box.Set("y", c.box.y);
        box.Set("width", c.box.width);
        box.Set("height", c.box.height);
        o.Set("image", ImageToJs(e, c.image));
        o.Set("box", box);
        return o;
      });
}

}  // namespace

void RegisterImageOps(Napi::Env env, Napi::Object exports) {
  exports.Set("toGray", Napi::Function::New(env, ToGrayJs, "toGray"));
  exports.Set("rotate", Napi::Function::New(env, RotateJs, "rotate"));
  exports.Set("resize", Napi::Function::New(env, ResizeJs, "resize"));
  exports.Set("binarizeSauvola", Napi::Function::New(env, SauvolaJs, "binarizeSauvola"));
  exports.Set("despeckle", Napi::Function::New(env, DespeckleJs, "despeckle"));
  exports.Set("removeRules", Napi::Function::New(env, RemoveRulesJs, "removeRules"));
  exports.Set("cropToContent", Napi::Function::New(env, CropJs, "cropToContent"));
}

}  // namespace docket
