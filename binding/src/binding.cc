#include "wasmbind/binding.h"

namespace wasmbind::binding {

std::string_view description() {
  return "not implemented yet (per-request Wasm invocation comes in a later issue)";
}

}  // namespace wasmbind::binding
