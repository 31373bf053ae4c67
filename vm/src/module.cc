// Module::compile: decode, then validate module fields and every function body. A malformed
// encoding anywhere wins over a validation error, as the spec's test suite requires, so
// after the first invalid finding the remaining bodies are still decoded.
#include "wasmbind/module.h"

#include <new>
#include <optional>

#include "decoder.h"
#include "function_validator.h"
#include "module_ir.h"
#include "module_validator.h"

namespace wasmbind {

using detail::WasmError;

namespace {

Result<std::unique_ptr<detail::ModuleIr>> decode_and_validate(std::span<const uint8_t> wasm,
                                                             const Features& features) {
  try {
    std::unique_ptr<detail::ModuleIr> ir = detail::decode_module(wasm, features);
    detail::ModuleContext ctx = detail::make_module_context(*ir);
    std::optional<Error> first_invalid;
    try {
      detail::validate_module_fields(*ir);
    } catch (WasmError& e) {
      first_invalid = std::move(e.error());
    }
    bool uses_data_segments = false;
    for (uint32_t i = 0; i < ir->functions.size(); ++i) {
      uint32_t index = ir->imported_functions + i;
      try {
        if (first_invalid) {
          detail::FunctionValidator v(ctx, index);
          v.skip_rest();
          uses_data_segments |= v.uses_data_segments();
        } else {
          uses_data_segments |= detail::validate_function_body(ctx, index);
        }
      } catch (WasmError& e) {
        e.error().function = index;
        if (e.error().kind != ErrorKind::Invalid) return std::move(e.error());
        first_invalid = std::move(e.error());
      }
    }
    if (first_invalid) return std::move(*first_invalid);
    // memory.init and data.drop need a data count section. This one malformed-module check
    // comes after validation: wast2json writes no data count section for text modules that
    // use data.drop without data, and the suite expects those to be reported as invalid
    // ("unknown data segment"), as a text-format engine would.
    if (uses_data_segments && !ir->data_count)
      return Error(ErrorKind::Malformed, "data count section required");
    return Result<std::unique_ptr<detail::ModuleIr>>(std::move(ir));
  } catch (WasmError& e) {
    return std::move(e.error());
  } catch (const std::bad_alloc&) {
    return Error(ErrorKind::Limit, "out of memory while decoding the module");
  }
}

}  // namespace

Module::Module(std::unique_ptr<detail::ModuleIr> ir) : ir_(std::move(ir)) {}
Module::~Module() = default;

Result<std::shared_ptr<const Module>> Module::compile(std::span<const uint8_t> wasm,
                                                      const Features& features) {
  auto ir = decode_and_validate(wasm, features);
  if (!ir) return ir.error();
  return std::shared_ptr<const Module>(std::make_shared<Module>(std::move(ir.value())));
}

Result<void> validate(std::span<const uint8_t> wasm, const Features& features) {
  auto ir = decode_and_validate(wasm, features);
  if (!ir) return ir.error();
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
