// Module-level validation: index spaces, limits, constant expressions, segments, exports,
// the start function. Function bodies are checked by FunctionValidator.
#pragma once

#include "function_validator.h"
#include "module_ir.h"

namespace wasmbind::detail {

// Facts every function body is checked against. Never throws on a bad module.
ModuleContext make_module_context(const ModuleIr& module);

// Throws WasmError(Invalid) at the first problem.
void validate_module_fields(const ModuleIr& module);

}  // namespace wasmbind::detail
