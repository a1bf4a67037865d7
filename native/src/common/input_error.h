// Bad input found by a kernel or a binding: crosses into JS as an Error with code DOCKET_NATIVE_INPUT and a
// `reason` the TS loader turns into NativeInputError (native/errors.ts lists the reasons).
#pragma once

#include <stdexcept>
#include <string>

namespace docket {

class InputError : public std::runtime_error {
 public:
  InputError(std::string reason, const std::string& message) : std::runtime_error(message), reason_(std::move(reason)) {}
  const std::string& reason() const { return reason_; }

 private:
  std::string reason_;
};

}  // namespace docket
