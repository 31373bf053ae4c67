#include "wasmbind/http.h"

namespace wasmbind::http {

std::string_view description() {
  return "Dapr bindings HTTP API on Boost.Beast (bindings, healthz, metadata, shutdown), guests "
         "on a worker pool";
}

}  // namespace wasmbind::http
