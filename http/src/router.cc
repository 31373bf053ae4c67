#include "router.h"

#include <vector>

namespace wasmbind::http {
namespace {

namespace bhttp = boost::beast::http;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> unescape(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// Splits "/a/b/c" (already clean, rooted) into its segments.
std::vector<std::string_view> segments(std::string_view clean) {
  std::vector<std::string_view> parts;
  size_t i = 1;
  while (i <= clean.size() && clean.size() > 1) {
    const size_t slash = clean.find('/', i);
    const size_t end = slash == std::string_view::npos ? clean.size() : slash;
    parts.push_back(clean.substr(i, end - i));
    if (slash == std::string_view::npos) break;
    i = slash + 1;
  }
  return parts;
}

}  // namespace

std::string clean_path(std::string_view path) {
  if (path.empty()) return ".";
  const bool rooted = path.front() == '/';
  std::vector<std::string_view> kept;
  size_t i = 0;
  while (i < path.size()) {
    size_t slash = path.find('/', i);
    if (slash == std::string_view::npos) slash = path.size();
    const std::string_view element = path.substr(i, slash - i);
    i = slash + 1;
    if (element.empty() || element == ".") continue;
    if (element == "..") {
      if (!kept.empty() && kept.back() != "..") kept.pop_back();
      else if (!rooted) kept.push_back(element);
      continue;
    }
    kept.push_back(element);
  }
  std::string out;
  if (rooted) out.push_back('/');
  for (size_t k = 0; k < kept.size(); ++k) {
    if (k > 0) out.push_back('/');
    out.append(kept[k]);
  }
  if (out.empty()) return ".";
  return out;
}

std::optional<std::string> query_unescape(std::string_view text) { return unescape(text, true); }
std::optional<std::string> path_unescape(std::string_view text) { return unescape(text, false); }

std::string query_value(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const size_t eq = pair.find('=');
    const auto name = query_unescape(pair.substr(0, eq));
    if (!name || *name != key) continue;
    if (eq == std::string_view::npos) return "";
    return query_unescape(pair.substr(eq + 1)).value_or("");
  }
  return "";
}

bool exempt_from_api_token(bhttp::verb method, std::string_view path) {
  if (method != bhttp::verb::get) return false;
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  return path == "v1.0/healthz" || path == "v1.0/healthz/outbound";
}

std::optional<RouteMatch> route_request(bhttp::verb method, std::string_view target) {
  // Absolute form (a proxy-style request line): the path starts after the authority.
  if (target.starts_with("http://") || target.starts_with("https://")) {
    const size_t authority = target.find("//") + 2;
    const size_t path_start = target.find_first_of("/?", authority);
    if (path_start == std::string_view::npos) target = "/";
    else if (target[path_start] == '?') return std::nullopt;
    else target = target.substr(path_start);
  }
  if (target.empty() || target.front() != '/') return std::nullopt;

  RouteMatch match;
  const size_t question = target.find('?');
  match.path = target.substr(0, question);
  if (question != std::string_view::npos) match.query = target.substr(question + 1);
  if (!path_unescape(match.path)) return std::nullopt;  // Go: invalid URL escape

  const std::string clean = clean_path(match.path);
  const std::vector<std::string_view> parts = segments(clean);
  if (parts.size() < 2 || parts[0] != "v1.0") return match;

  if (parts.size() == 2 && parts[1] == "healthz") {
    if (method == bhttp::verb::get) match.route = Route::Healthz;
  } else if (parts.size() == 3 && parts[1] == "healthz" && parts[2] == "outbound") {
    if (method == bhttp::verb::get) match.route = Route::HealthzOutbound;
  } else if (parts.size() == 2 && parts[1] == "metadata") {
    if (method == bhttp::verb::get) match.route = Route::Metadata;
  } else if (parts.size() == 3 && parts[1] == "metadata") {
    if (method == bhttp::verb::put) {
      match.route = Route::MetadataPut;
      match.parameter = path_unescape(parts[2]).value_or(std::string(parts[2]));
    }
  } else if (parts.size() == 2 && parts[1] == "shutdown") {
    if (method == bhttp::verb::post) match.route = Route::Shutdown;
  } else if (parts.size() == 3 && parts[1] == "bindings") {
    if (method == bhttp::verb::post || method == bhttp::verb::put) {
      match.route = Route::Binding;
      match.parameter = query_unescape(parts[2]).value_or(std::string(parts[2]));
    }
  }
  return match;
}

}  // namespace wasmbind::http
