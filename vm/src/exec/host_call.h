// Calls that leave the threaded-code chain: into host functions, and nested runs of Wasm
// code (the entry from the embedding API, and the rare tail call into another instance).
#pragma once

#include "exec/code.h"
#include "runtime/instance_state.h"

namespace wasmbind::detail {

uint32_t param_slots(const FuncType& type);
uint32_t result_slots(const FuncType& type);

// Calls host function `f` with arguments read from `args` (slots); results are written
// back from args[0]. Records a host error in `ctx` and returns HostError on failure.
Status call_host(ExecContext* ctx, const Word* ip, const FunctionInstance* f, Slot* args) noexcept;

// Runs any function to completion, frame at `fp` (arguments already there, results left
// there). Used by the API entry and by tail calls that cannot reuse the frame.
Status call_function_nested(ExecContext* ctx, const Word* ip, const FunctionInstance* f,
                            Slot* fp) noexcept;

}  // namespace wasmbind::detail
