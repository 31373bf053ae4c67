// The one access-log line per request: what was asked, what it became, how long it took.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wasmbind::http {

struct AccessRecord {
  std::string_view method;
  std::string_view target;
  std::string_view binding;  // empty unless the binding route
  unsigned status = 0;       // 0: no response (the client went away first)
  uint64_t duration_us = 0;  // from the first byte of the request to the last of the response
  uint64_t bytes_in = 0;     // request body
  uint64_t bytes_out = 0;    // response body
  std::string_view error;    // the error message of a failed request, if any
};

// logfmt fields: method=POST target=/v1.0/bindings/echo binding=echo status=200
// duration_us=123 bytes_in=45 bytes_out=6 [error="..."]
void format_access_fields(std::string& out, const AccessRecord& record);

}  // namespace wasmbind::http
