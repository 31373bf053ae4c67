// The module decoder: binary format -> ModuleIr. Checks everything that makes a binary
// malformed except inside function bodies, which the function validator decodes as it
// validates (one pass per body).
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "module_ir.h"

namespace wasmbind::detail {

// Throws WasmError(Malformed) with the byte offset of the problem.
std::unique_ptr<ModuleIr> decode_module(std::span<const uint8_t> wasm, const Features& features);

}  // namespace wasmbind::detail
