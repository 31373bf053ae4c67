#include "wasmbind/http.h"

namespace wasmbind::http {

std::string_view description() {
  return "not implemented yet (the Dapr bindings HTTP API comes in a later issue)";
}

}  // namespace wasmbind::http
