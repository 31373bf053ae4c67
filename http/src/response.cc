#include "response.h"

#include <charconv>
#include <ctime>

#include "go_json.h"

namespace wasmbind::http {
namespace {

// The Date header value, formatted once per second per thread.
std::string_view http_date() {
  thread_local time_t cached_second = -1;
  thread_local char text[40];
  thread_local size_t length = 0;
  const time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    length = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    cached_second = now;
  }
  return {text, length};
}

void append_number(std::string& out, uint64_t value) {
  char digits[24];
  const auto r = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, r.ptr);
}

}  // namespace

std::string_view reason_phrase(unsigned status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 408: return "Request Timeout";
    case 413: return "Request Entity Too Large";
    case 417: return "Expectation Failed";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "Unknown";
  }
}

void serialize_head(std::string& head, const Response& response, bool keep_alive_header) {
  head.clear();
  head.append("HTTP/1.1 ");
  append_number(head, response.status);
  head.push_back(' ');
  head.append(reason_phrase(response.status));
  head.append("\r\nDate: ");
  head.append(http_date());
  head.append("\r\n");
  if (!response.content_type.empty()) {
    head.append("Content-Type: ");
    head.append(response.content_type);
    head.append("\r\n");
  }
  // 1xx and 204 carry no body and no Content-Length (as Go's server writes them).
  if (response.status != 204 && response.status >= 200) {
    head.append("Content-Length: ");
    append_number(head, response.body.size());
    head.append("\r\n");
  }
  for (const auto& [name, value] : response.headers) {
    head.append(name);
    head.append(": ");
    head.append(value);
    head.append("\r\n");
  }
  if (response.close) head.append("Connection: close\r\n");
  else if (keep_alive_header) head.append("Connection: keep-alive\r\n");
  head.append("\r\n");
}

Response plain_text_error(unsigned status, std::string_view message) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body.assign(message);
  r.body.push_back('\n');
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

Response dapr_error(unsigned status, std::string_view error_code, std::string_view message) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body.reserve(40 + error_code.size() + message.size());
  r.body.append("{\"errorCode\":");
  append_go_string(r.body, error_code);
  r.body.append(",\"message\":");
  append_go_string(r.body, message);
  r.body.push_back('}');
  return r;
}

Response malformed_request(std::string_view go_error) {
  std::string message = "failed deserializing HTTP body: ";
  message.append(go_error);
  return dapr_error(400, "ERR_MALFORMED_REQUEST", message);
}

Response invoke_error(std::string_view binding, std::string_view message) {
  std::string text = "error invoking output binding ";
  text.append(binding).append(": ").append(message);
  return dapr_error(500, "ERR_INVOKE_OUTPUT_BINDING", text);
}

Response direct_invoke_not_found() {
  return dapr_error(404, "ERR_DIRECT_INVOKE",
                    "failed getting app id either from the URL path or the header dapr-app-id");
}

Response protocol_error(unsigned status) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::to_string(status);
  r.body.push_back(' ');
  r.body.append(reason_phrase(status));
  r.close = true;
  return r;
}

}  // namespace wasmbind::http
