// wasmbind::http: the HTTP service exposing bindings through Dapr's API. Nothing is
// implemented yet. A later issue adds a Boost.Beast server with POST/PUT
// /v1.0/bindings/{name}, GET /v1.0/healthz and GET /v1.0/metadata, request body limits,
// timeouts, keep-alive and graceful shutdown, dispatching to wasmbind::binding.
#pragma once

#include <string_view>

namespace wasmbind::http {

// One line on what this component does in the current build, for `wasmbind version`.
std::string_view description();

}  // namespace wasmbind::http
