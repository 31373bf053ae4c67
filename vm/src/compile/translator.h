// The translator: validates a function body and, in the same pass, emits its register-slot
// threaded code (see exec/code.h). The function validator decodes and type-checks each
// instruction; the translator mirrors its operand stack with compile-time operands that say
// where each value lives: in a temporary slot, in a local's slot (local.get emits nothing),
// or as a constant (i32.const emits nothing until a consumer needs a slot).
#pragma once

#include "exec/compiled_code.h"
#include "function_validator.h"

namespace wasmbind::detail {

// Translates function `function_index` (a defined function) into `code`. Throws WasmError
// like the validator; the caller handles precedence between malformed and invalid bodies.
// Returns whether the body uses memory.init or data.drop.
bool translate_function(const ModuleContext& context, uint32_t function_index, CompiledCode& code);

// Sets up `code.types` and `code.functions` before any function is translated, and turns
// the functions' entry offsets into pointers once all are.
void prepare_compiled_code(const ModuleIr& module, CompiledCode& code);
void finish_compiled_code(CompiledCode& code);

}  // namespace wasmbind::detail
