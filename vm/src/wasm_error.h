// The decoder and validator signal errors by throwing WasmError deep inside their recursive
// descent; Module::compile catches it at the API boundary and returns it as an Error value.
// Nothing else in the process ever sees the exception.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

#include "wasmbind/error.h"

namespace wasmbind::detail {

class WasmError : public std::exception {
 public:
  WasmError(ErrorKind kind, std::string message, size_t offset)
      : error_(kind, std::move(message), offset) {}
  const char* what() const noexcept override { return error_.message.c_str(); }
  Error& error() { return error_; }

 private:
  Error error_;
};

[[noreturn]] inline void malformed(std::string message, size_t offset) {
  throw WasmError(ErrorKind::Malformed, std::move(message), offset);
}
[[noreturn]] inline void invalid(std::string message, size_t offset) {
  throw WasmError(ErrorKind::Invalid, std::move(message), offset);
}

}  // namespace wasmbind::detail
