// The custom "name" section: module, function and local names, kept for error messages and
// trap backtraces. The spec says a malformed name section must not make the module invalid,
// so any problem here just drops the names.
#pragma once

#include <cstddef>

#include "module_ir.h"

namespace wasmbind::detail {

void parse_name_section(ModuleIr& module, size_t begin, size_t end);

}  // namespace wasmbind::detail
