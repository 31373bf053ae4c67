// Module: a decoded and validated WebAssembly binary. Immutable once made, so one Module
// may be shared across threads and instantiated many times.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "wasmbind/error.h"
#include "wasmbind/types.h"

namespace wasmbind {

namespace detail {
struct ModuleIr;
struct CompiledCode;
}

// Optional features beyond WebAssembly 2.0. The 2.0 feature set (MVP, sign extension,
// non-trapping conversions, multi-value, bulk memory, reference types, SIMD) is always on.
struct Features {
  bool tail_call = false;
  bool extended_const = false;
  bool multi_memory = false;
};

class Module {
 public:
  // Decodes, validates and translates `wasm` into the interpreter's code, in one pass per
  // function. The bytes are copied; the caller may free them afterwards.
  static Result<std::shared_ptr<const Module>> compile(std::span<const uint8_t> wasm,
                                                       const Features& features = {});

  Module(std::unique_ptr<detail::ModuleIr> ir, std::unique_ptr<detail::CompiledCode> code);
  ~Module();
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;

  std::span<const ImportDesc> imports() const;
  std::span<const ExportDesc> exports() const;

  // Functions, imports first, as in the function index space.
  uint32_t function_count() const;
  const FuncType& function_type(uint32_t function_index) const;
  // From the custom "name" section; empty when the module has none for this function.
  std::string_view function_name(uint32_t function_index) const;

  const detail::ModuleIr& ir() const { return *ir_; }
  const detail::CompiledCode& code() const { return *code_; }

 private:
  std::unique_ptr<detail::ModuleIr> ir_;
  std::unique_ptr<detail::CompiledCode> code_;  // the interpreter's threaded code
};

// Decode and validate only, without keeping the module.
Result<void> validate(std::span<const uint8_t> wasm, const Features& features = {});

}  // namespace wasmbind
