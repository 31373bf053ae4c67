// What each route answers, given a fully read request: either a response right away or a
// binding invocation for the worker pool (whose result becomes the response later).
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <optional>
#include <string>

#include "response.h"
#include "router.h"
#include "server_state.h"

namespace wasmbind::http {

using Request = boost::beast::http::request<boost::beast::http::string_body>;

struct Invocation {
  binding::OutputBinding* binding = nullptr;
  binding::InvokeRequest request;
};

struct HandlerOutcome {
  std::optional<Response> response;        // answer now ...
  std::optional<Invocation> invocation;    // ... or run this and answer with its result
  std::string binding_name;                // for the access log (binding route only)
  bool stop_server_after_response = false;  // POST /v1.0/shutdown
};

// Applies the API token check and runs the route. Never throws for bad input.
HandlerOutcome handle_request(ServerState& state, Request& request, const RouteMatch& route);

// The response for a finished invocation: 200 with stdout, or Dapr's 500; the binding's
// response metadata as `metadata.<key>` headers; captured stderr as `wasmbind-stderr`
// (percent-encoded, at most kMaxStderrHeaderBytes of it).
Response response_for_invocation(std::string_view binding_name, binding::InvokeResult&& result);
inline constexpr size_t kMaxStderrHeaderBytes = 16 * 1024;

// Percent-encodes bytes outside 0x21..0x7E and '%' itself (so "a b\n" is "a%20b%0A").
std::string percent_encode_header_value(std::string_view bytes);

// GET /v1.0/metadata's body: Go's json.Encoder output (compact, with a trailing newline).
std::string metadata_json(ServerState& state);

}  // namespace wasmbind::http
