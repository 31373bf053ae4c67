// Errors as values: what went wrong, and where (byte offset into the module, function index).
// The decoder and validator report through Result<T>; nothing in vm/ aborts on bad input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace wasmbind {

enum class ErrorKind : uint8_t {
  Malformed,       // not a well-formed binary (decoding)
  Invalid,         // well-formed but fails validation
  Unlinkable,      // imports do not match
  Uninstantiable,  // instantiation failed (e.g. segment out of bounds, start trapped)
  Trap,            // execution trapped
  Exhaustion,      // call stack exhausted
  Limit,           // an embedder-configured limit was exceeded
  Host,            // a host function or the embedding failed
  Exit,            // the guest asked to exit (WASI proc_exit); see Error::exit_code
};

// Why execution trapped. Messages (to_string) are the spec's assert_trap texts.
enum class TrapKind : uint8_t {
  None,
  Unreachable,
  IntegerDivideByZero,
  IntegerOverflow,
  InvalidConversion,
  MemoryOutOfBounds,
  TableOutOfBounds,
  IndirectCallTypeMismatch,
  UndefinedElement,
  UninitializedElement,
  CallStackExhausted,
  Interrupted,
};
std::string_view to_string(TrapKind kind);

struct Error {
  static constexpr size_t kNoOffset = SIZE_MAX;
  static constexpr uint32_t kNoFunction = UINT32_MAX;

  Error() = default;
  Error(ErrorKind k, std::string m, size_t off = kNoOffset, uint32_t fn = kNoFunction)
      : kind(k), message(std::move(m)), offset(off), function(fn) {}

  ErrorKind kind = ErrorKind::Host;
  std::string message;           // the spec's wording where it has one ("type mismatch")
  size_t offset = kNoOffset;     // byte offset into the module binary
  uint32_t function = kNoFunction;  // function index (imports included) where it applies
  std::string context;           // free text, e.g. "in section code"
  TrapKind trap = TrapKind::None;   // kind == Trap or Exhaustion
  int32_t exit_code = 0;            // kind == Exit
  std::vector<std::string> backtrace;  // innermost frame first, for traps


  // "invalid module: type mismatch (function 3, at byte 0x1a2)"
  std::string to_string() const;
};

std::string_view to_string(ErrorKind kind);

// A value or an Error. Deliberately small: std::expected needs C++23.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error error) : v_(std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace wasmbind
