// Routing of Dapr's HTTP API as its chi router does it: the path is cleaned (Go path.Clean
// of the escaped path: doubled slashes, `.`/`..` and a trailing slash go), then matched
// case-sensitively; anything unmatched falls through to the ERR_DIRECT_INVOKE 404.
#pragma once

#include <ostream>  // boost::core::string_view (in verb.hpp) needs it declared

#include <boost/beast/http/verb.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace wasmbind::http {

enum class Route : unsigned char {
  Healthz,          // GET /v1.0/healthz
  HealthzOutbound,  // GET /v1.0/healthz/outbound
  Metadata,         // GET /v1.0/metadata
  MetadataPut,      // PUT /v1.0/metadata/{key}
  Shutdown,         // POST /v1.0/shutdown
  Binding,          // POST|PUT /v1.0/bindings/{name}
  NotFound,
};

struct RouteMatch {
  Route route = Route::NotFound;
  std::string parameter;   // {name} or {key}, unescaped
  std::string_view path;   // the request's path as sent (no query)
  std::string_view query;  // after '?', without it
};

// `target` is the request-target of the request line (origin form, or absolute form whose
// scheme and authority are skipped). Returns nothing when the target is not a valid request
// URI (Go answers 400): not starting with '/', or a bad %-escape in the path.
std::optional<RouteMatch> route_request(boost::beast::http::verb method, std::string_view target);

// Go's path.Clean.
std::string clean_path(std::string_view path);
// Go's url.QueryUnescape ('+' is a space) and url.PathUnescape; nothing on a bad escape.
std::optional<std::string> query_unescape(std::string_view text);
std::optional<std::string> path_unescape(std::string_view text);
// The first value of `key` in a query string (Go's url.Values.Get), unescaped; "" if absent.
std::string query_value(std::string_view query, std::string_view key);

// Dapr's API token exemption: GET on /v1.0/healthz and /v1.0/healthz/outbound (the path
// trimmed of slashes, not cleaned).
bool exempt_from_api_token(boost::beast::http::verb method, std::string_view path);

}  // namespace wasmbind::http
