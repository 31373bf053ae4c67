// One HTTP(S) GET as Go's default client does it for Dapr's module download: redirects
// followed (at most 10), `Accept-Encoding: gzip` sent and a gzip body decoded, TLS verified
// against the system CA store (OpenSSL's default paths, so SSL_CERT_FILE / SSL_CERT_DIR
// apply) with SNI and host-name verification, everything bounded by one deadline.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "wasmbind/error.h"

namespace wasmbind::binding {

struct HttpGetOptions {
  std::chrono::steady_clock::time_point deadline;
  size_t max_body_bytes = 256u << 20;  // before and after gzip decoding
  int max_redirects = 10;
};

struct HttpGetResponse {
  unsigned status = 0;
  std::string body;  // decoded when the server sent Content-Encoding: gzip
};

// Network, TLS and protocol failures are Errors whose text follows Go's shape:
// `Get "http://127.0.0.1:1/x.wasm": dial tcp 127.0.0.1:1: connect: connection refused`,
// `Get "...": context deadline exceeded`. A non-200 final status is not an error here.
Result<HttpGetResponse> http_get(std::string_view url, const HttpGetOptions& options);

}  // namespace wasmbind::binding
