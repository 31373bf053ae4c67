#include <cstdio>

#include "wasmbind/error.h"

namespace wasmbind {

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Malformed: return "malformed module";
    case ErrorKind::Invalid: return "invalid module";
    case ErrorKind::Unlinkable: return "unlinkable module";
    case ErrorKind::Uninstantiable: return "uninstantiable module";
    case ErrorKind::Trap: return "trap";
    case ErrorKind::Exhaustion: return "call stack exhausted";
    case ErrorKind::Limit: return "limit exceeded";
    case ErrorKind::Host: return "host error";
    case ErrorKind::Exit: return "exit";
  }
  return "error";
}

std::string_view to_string(TrapKind kind) {
  switch (kind) {
    case TrapKind::None: return "no trap";
    case TrapKind::Unreachable: return "unreachable";
    case TrapKind::IntegerDivideByZero: return "integer divide by zero";
    case TrapKind::IntegerOverflow: return "integer overflow";
    case TrapKind::InvalidConversion: return "invalid conversion to integer";
    case TrapKind::MemoryOutOfBounds: return "out of bounds memory access";
    case TrapKind::TableOutOfBounds: return "out of bounds table access";
    case TrapKind::IndirectCallTypeMismatch: return "indirect call type mismatch";
    case TrapKind::UndefinedElement: return "undefined element";
    case TrapKind::UninitializedElement: return "uninitialized element";
    case TrapKind::CallStackExhausted: return "call stack exhausted";
    case TrapKind::Interrupted: return "interrupted";
  }
  return "trap";
}

std::string Error::to_string() const {
  std::string s(wasmbind::to_string(kind));
  s += ": ";
  s += message;
  std::string where;
  if (!context.empty()) where += context;
  if (function != kNoFunction) {
    if (!where.empty()) where += ", ";
    where += "function " + std::to_string(function);
  }
  if (offset != kNoOffset) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "at byte 0x%zx", offset);
    if (!where.empty()) where += ", ";
    where += buf;
  }
  if (!where.empty()) s += " (" + where + ")";
  for (const std::string& frame : backtrace) s += "\n  at " + frame;
  return s;
}

}  // namespace wasmbind
