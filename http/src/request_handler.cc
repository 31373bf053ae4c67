#include "request_handler.h"

#include <boost/beast/core/string.hpp>

#include <algorithm>

#include "dapr_request.h"
#include "go_json.h"

#ifndef WASMBIND_VERSION
#define WASMBIND_VERSION "0.0.0"
#endif

namespace wasmbind::http {
namespace {

namespace bhttp = boost::beast::http;

constexpr std::string_view kApiTokenHeader = "dapr-api-token";

// Compares in time independent of where the strings first differ.
bool constant_time_equals(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  const size_t n = std::max(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff |= static_cast<unsigned char>(x ^ y);
  }
  return diff == 0;
}

bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Go's server turns CR and LF in header values into spaces; other control bytes go too.
std::string sanitize_header_value(std::string_view value) {
  std::string out(value);
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t') c = ' ';
    if (u == 0x7F) c = ' ';
  }
  return out;
}

Response no_content() {
  Response r;
  r.status = 204;
  return r;
}

HandlerOutcome answer(Response response) {
  HandlerOutcome outcome;
  outcome.response = std::move(response);
  return outcome;
}

HandlerOutcome binding_call(ServerState& state, Request& request, const RouteMatch& route) {
  HandlerOutcome outcome;
  outcome.binding_name = route.parameter;
  const std::string& name = route.parameter;

  // Spec §1.2: decode, then operation, then the name, then the operation's support.
  BindingRequestDecoding decoded = decode_binding_request(request.body());
  if (decoded.error) {
    outcome.response = malformed_request(*decoded.error);
    return outcome;
  }
  BindingRequestBody& body = decoded.body;
  if (body.operation.empty()) {
    outcome.response = invoke_error(name, "operation field is missing from request");
    return outcome;
  }
  binding::OutputBinding* target = state.registry ? state.registry->find(name) : nullptr;
  if (target == nullptr) {
    outcome.response = invoke_error(name, "couldn't find output binding " + name);
    return outcome;
  }
  const std::vector<std::string> operations = target->operations();
  if (std::find(operations.begin(), operations.end(), body.operation) == operations.end()) {
    std::string message = "binding " + name + " does not support operation " + body.operation +
                          ". supported operations:";
    for (size_t i = 0; i < operations.size(); ++i) {
      if (i > 0) message.push_back(' ');
      message.append(operations[i]);
    }
    outcome.response = invoke_error(name, message);
    return outcome;
  }
  Invocation invocation;
  invocation.binding = target;
  invocation.request.operation = std::move(body.operation);
  invocation.request.metadata = std::move(body.metadata);
  invocation.request.data = std::move(body.data_json);
  outcome.invocation = std::move(invocation);
  return outcome;
}

}  // namespace

std::string percent_encode_header_value(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size());
  for (char c : bytes) {
    const auto u = static_cast<unsigned char>(c);
    if (u > 0x20 && u < 0x7F && c != '%') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xF]);
    }
  }
  return out;
}

std::string metadata_json(ServerState& state) {
  std::string out = "{";
  if (!state.options.app_id.empty()) {
    out.append("\"id\":");
    append_go_string(out, state.options.app_id);
    out.push_back(',');
  }
  out.append("\"runtimeVersion\":");
  append_go_string(out, WASMBIND_VERSION);
  if (state.registry && !state.registry->bindings().empty()) {
    out.append(",\"components\":[");
    bool first = true;
    for (const auto& b : state.registry->bindings()) {
      if (!first) out.push_back(',');
      first = false;
      out.append("{\"name\":");
      append_go_string(out, b->name());
      out.append(",\"type\":");
      append_go_string(out, b->type());
      if (!b->version().empty()) {
        out.append(",\"version\":");
        append_go_string(out, b->version());
      }
      out.append(",\"capabilities\":[\"OUTPUT_BINDING\"]}");
    }
    out.push_back(']');
  }
  // Dapr always reports its version here; PUT /v1.0/metadata/{key} values join it (a Go map:
  // keys sorted, a PUT of daprRuntimeVersion wins).
  std::map<std::string, std::string> extended = {{"daprRuntimeVersion", WASMBIND_VERSION}};
  for (auto& [key, value] : state.metadata.snapshot()) extended[key] = value;
  out.append(",\"extended\":{");
  bool first = true;
  for (const auto& [key, value] : extended) {
    if (!first) out.push_back(',');
    first = false;
    append_go_string(out, key);
    out.push_back(':');
    append_go_string(out, value);
  }
  out.append("}}\n");
  return out;
}

Response response_for_invocation(std::string_view binding_name, binding::InvokeResult&& result) {
  Response r;
  if (result.ok()) {
    r.status = 200;
    r.content_type = "application/json";
    r.body = std::move(result.data);
  } else {
    r = invoke_error(binding_name, *result.error);
  }
  for (const auto& [key, value] : result.metadata) {
    if (key.empty() || !std::all_of(key.begin(), key.end(), is_token_char)) continue;
    r.headers.emplace_back("metadata." + key, sanitize_header_value(value));
  }
  if (!result.stderr_output.empty()) {
    const std::string_view captured = result.stderr_output;
    r.headers.emplace_back("wasmbind-stderr",
                           percent_encode_header_value(captured.substr(0, kMaxStderrHeaderBytes)));
    if (captured.size() > kMaxStderrHeaderBytes)
      r.headers.emplace_back("wasmbind-stderr-truncated", std::to_string(captured.size()));
  }
  return r;
}

HandlerOutcome handle_request(ServerState& state, Request& request, const RouteMatch& route) {
  if (state.options.api_token && !exempt_from_api_token(request.method(), route.path)) {
    const auto it = request.find(kApiTokenHeader);
    const std::string_view given = it == request.end() ? std::string_view() : std::string_view(it->value());
    if (it == request.end() || !constant_time_equals(given, *state.options.api_token))
      return answer(plain_text_error(401, "invalid api token"));
  }
  switch (route.route) {
    case Route::Healthz: {
      const std::string app_id = query_value(route.query, "appid");
      if (!app_id.empty() && app_id != state.options.app_id)
        return answer(dapr_error(500, "ERR_HEALTH_APPID_NOT_MATCH", "dapr app-id does not match"));
      return answer(no_content());
    }
    case Route::HealthzOutbound:
      return answer(no_content());
    case Route::Metadata: {
      Response r;
      r.content_type = "application/json";
      r.body = metadata_json(state);
      return answer(std::move(r));
    }
    case Route::MetadataPut:
      state.metadata.put(route.parameter, std::move(request.body()));
      return answer(no_content());
    case Route::Shutdown: {
      HandlerOutcome outcome = answer(no_content());
      outcome.stop_server_after_response = true;
      return outcome;
    }
    case Route::Binding:
      return binding_call(state, request, route);
    case Route::NotFound:
      break;
  }
  return answer(direct_invoke_not_found());
}

}  // namespace wasmbind::http
