// Human-readable listings of a compiled module's imports and exports, with their types.
#pragma once

#include <ostream>

#include "wasmbind/module.h"

namespace wasmbind::tools {

// One line per import, e.g. "  import func env.log (i32) -> ()".
void print_imports(std::ostream& out, const Module& module);
// One line per export, e.g. "  export func add (i32, i32) -> (i32)".
void print_exports(std::ostream& out, const Module& module);
// Functions defined in the module itself (the function index space minus imports).
uint32_t defined_function_count(const Module& module);

}  // namespace wasmbind::tools
