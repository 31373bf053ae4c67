// Module::compile: decode, then validate module fields and every function body. A malformed
// encoding anywhere wins over a validation error, as the spec's test suite requires, so
// after the first invalid finding the remaining bodies are still decoded.
#include "wasmbind/module.h"

#include <new>
#include <optional>

#include "compile/translator.h"
#include "decoder.h"
#include "exec/compiled_code.h"
#include "function_validator.h"
#include "module_ir.h"
#include "module_validator.h"

namespace wasmbind {

using detail::WasmError;

namespace {

struct Compiled {
  std::unique_ptr<detail::ModuleIr> ir;
  std::unique_ptr<detail::CompiledCode> code;
};

// `translate`: also produce threaded code (validation alone skips it).
Result<Compiled> decode_and_validate(std::span<const uint8_t> wasm, const Features& features,
                                     bool translate) {
  try {
    std::unique_ptr<detail::ModuleIr> ir = detail::decode_module(wasm, features);
    auto code = std::make_unique<detail::CompiledCode>();
    detail::ModuleContext ctx = detail::make_module_context(*ir);
    std::optional<Error> first_invalid;
    try {
      detail::validate_module_fields(*ir);
    } catch (WasmError& e) {
      first_invalid = std::move(e.error());
    }
    if (!first_invalid && translate) detail::prepare_compiled_code(*ir, *code);
    bool uses_data_segments = false;
    std::optional<Error> first_limit;  // the interpreter cannot run a valid body
    for (uint32_t i = 0; i < ir->functions.size(); ++i) {
      uint32_t index = ir->imported_functions + i;
      try {
        if (first_limit && !first_invalid) {
          uses_data_segments |= detail::validate_function_body(ctx, index);
        } else if (first_invalid) {
          detail::FunctionValidator v(ctx, index);
          v.skip_rest();
          uses_data_segments |= v.uses_data_segments();
        } else if (translate) {
          uses_data_segments |= detail::translate_function(ctx, index, *code);
        } else {
          uses_data_segments |= detail::validate_function_body(ctx, index);
        }
      } catch (WasmError& e) {
        e.error().function = index;
        if (e.error().kind == ErrorKind::Limit) {
          // Keep checking: an invalid or malformed body further on is reported instead. The
          // body itself is valid (translate_function checked), but may still use data
          // segment instructions.
          uses_data_segments |= detail::validate_function_body(ctx, index);
          if (!first_limit) first_limit = std::move(e.error());
          continue;
        }
        if (e.error().kind != ErrorKind::Invalid) return Result<Compiled>(std::move(e.error()));
        first_invalid = std::move(e.error());
      }
    }
    if (first_invalid) return Result<Compiled>(std::move(*first_invalid));
    // memory.init and data.drop need a data count section. This one malformed-module check
    // comes after validation: wast2json writes no data count section for text modules that
    // use data.drop without data, and the suite expects those to be reported as invalid
    // ("unknown data segment"), as a text-format engine would.
    if (uses_data_segments && !ir->data_count)
      return Error(ErrorKind::Malformed, "data count section required");
    if (first_limit) return Result<Compiled>(std::move(*first_limit));
    if (translate) detail::finish_compiled_code(*code);
    return Compiled{std::move(ir), std::move(code)};
  } catch (WasmError& e) {
    return Result<Compiled>(std::move(e.error()));
  } catch (const std::bad_alloc&) {
    return Error(ErrorKind::Limit, "out of memory while decoding the module");
  }
}

}  // namespace

Module::Module(std::unique_ptr<detail::ModuleIr> ir, std::unique_ptr<detail::CompiledCode> code)
    : ir_(std::move(ir)), code_(std::move(code)) {}
Module::~Module() = default;

Result<std::shared_ptr<const Module>> Module::compile(std::span<const uint8_t> wasm,
                                                      const Features& features) {
  auto c = decode_and_validate(wasm, features, /*translate=*/true);
  if (!c) return c.error();
  return std::shared_ptr<const Module>(
      std::make_shared<Module>(std::move(c->ir), std::move(c->code)));
}

Result<void> validate(std::span<const uint8_t> wasm, const Features& features) {
  auto c = decode_and_validate(wasm, features, /*translate=*/false);
  if (!c) return c.error();
  return {};
}

std::span<const ImportDesc> Module::imports() const { return ir_->imports; }
std::span<const ExportDesc> Module::exports() const { return ir_->exports; }
uint32_t Module::function_count() const {
  return static_cast<uint32_t>(ir_->func_type_indices.size());
}
const FuncType& Module::function_type(uint32_t function_index) const {
  return ir_->function_type(function_index);
}
std::string_view Module::function_name(uint32_t function_index) const {
  auto it = ir_->function_names.find(function_index);
  return it == ir_->function_names.end() ? std::string_view{} : std::string_view{it->second};
}

}  // namespace wasmbind
