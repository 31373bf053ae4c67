// Constant expressions (global initialisers, segment offsets, element items): decoded with
// the general instruction decoder up to the matching `end`, kept as a short op list.
#pragma once

#include "module_ir.h"
#include "reader.h"

namespace wasmbind::detail {

ConstExpr decode_const_expr(Reader& r, const Features& features);

}  // namespace wasmbind::detail
