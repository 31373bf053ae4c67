// SIMD handlers (issue 4 fills this in); until then v128 instructions other than const,
// load, store and the generic moves are rejected at translation time.
#include "exec/handler.h"

namespace wasmbind::detail {

void register_simd_handlers(Handler*) {}

}  // namespace wasmbind::detail
