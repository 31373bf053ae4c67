#include "trap_messages.h"

namespace wasmbind::binding {

std::string_view wazero_trap_text(TrapKind kind) {
  switch (kind) {
    case TrapKind::Unreachable: return "unreachable";
    case TrapKind::IntegerDivideByZero: return "integer divide by zero";
    case TrapKind::IntegerOverflow: return "integer overflow";
    case TrapKind::InvalidConversion: return "invalid conversion to integer";
    case TrapKind::MemoryOutOfBounds: return "out of bounds memory access";
    // wazero reports every bad table index or null/undefined element as one error.
    case TrapKind::TableOutOfBounds:
    case TrapKind::UndefinedElement:
    case TrapKind::UninitializedElement: return "invalid table access";
    case TrapKind::IndirectCallTypeMismatch: return "indirect call type mismatch";
    case TrapKind::CallStackExhausted: return "stack overflow";
    case TrapKind::Interrupted: return "interrupted";
    case TrapKind::None: break;
  }
  return {};
}

std::string format_trap(std::string_view instance_name, std::string_view function, const Error& error) {
  std::string s;
  s.reserve(128);
  s += "module[";
  s += instance_name;
  s += "] function[";
  s += function;
  s += "] failed: wasm error: ";
  std::string_view trap = wazero_trap_text(error.trap);
  if (trap.empty()) trap = error.message;
  s += trap;
  s += "\nwasm stack trace:";
  for (const std::string& frame : error.backtrace) {
    s += "\n\t";
    s += instance_name;
    s += '.';
    s += frame;
  }
  return s;
}

std::string format_exit(int32_t exit_code) {
  const auto code = static_cast<uint32_t>(exit_code);
  if (code == 0xffffffffu) return std::string(kContextCanceled);
  if (code == 0xefffffffu) return std::string(kDeadlineExceeded);
  return "module closed with exit_code(" + std::to_string(code) + ")";
}

}  // namespace wasmbind::binding
