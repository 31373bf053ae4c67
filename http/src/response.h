// An HTTP response as the session writes it: serialized by hand into one head string (the
// body is sent from its own buffer, so a guest's stdout is never copied).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wasmbind::http {

struct Response {
  unsigned status = 200;
  std::string content_type;  // empty: no Content-Type header
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers, values sanitized
  bool close = false;  // send Connection: close and close after writing
};

std::string_view reason_phrase(unsigned status);

// Writes the status line and headers (Date, Content-Type, Content-Length unless the status
// forbids a body, the extra headers, Connection) into `head`, replacing its contents.
// `keep_alive_header` adds "Connection: keep-alive" for HTTP/1.0 clients that asked for it.
void serialize_head(std::string& head, const Response& response, bool keep_alive_header);

// Go's http.Error: text/plain, the message and a newline, X-Content-Type-Options: nosniff.
Response plain_text_error(unsigned status, std::string_view message);

// Dapr's error body {"errorCode":...,"message":...} (json.Marshal, compact, no newline).
Response dapr_error(unsigned status, std::string_view error_code, std::string_view message);

// The cases of the binding endpoint and the fallback route (spec §1.1, §1.3, §5).
Response malformed_request(std::string_view go_error);          // 400 ERR_MALFORMED_REQUEST
Response invoke_error(std::string_view binding, std::string_view message);  // 500
Response direct_invoke_not_found();                             // 404 ERR_DIRECT_INVOKE

// What Go's net/http server itself answers to a request it cannot parse: "400 Bad Request"
// and friends, as text, closing the connection.
Response protocol_error(unsigned status);

}  // namespace wasmbind::http
