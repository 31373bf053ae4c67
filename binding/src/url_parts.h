// http(s) URLs taken apart and resolved, on top of Boost.URL (compiled in url_impl.cc), so
// the rest of the binding needs no Boost.URL headers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "wasmbind/error.h"

namespace wasmbind::binding {

struct HttpUrl {
  bool https = false;
  std::string host;          // for connecting and TLS: "example.com", "127.0.0.1", "::1"
  uint16_t port = 0;         // explicit, or 80 / 443
  std::string host_header;   // "example.com:8443" as written in the URL
  std::string target;        // request target: encoded path and query, at least "/"
  std::string decoded_path;  // percent-decoded path, for the guest name
};

// Parses an absolute http:// or https:// URL. Errors read like Go's url.Parse:
// `parse "http:// ": <why>`.
Result<HttpUrl> parse_http_url(std::string_view url);

// Resolves a redirect's Location (absolute or relative) against the URL it came from.
Result<std::string> resolve_url_reference(std::string_view base, std::string_view reference);

}  // namespace wasmbind::binding
