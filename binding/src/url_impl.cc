// Boost.URL's implementation (header-only sources compiled once, here) and the small API of
// url_parts.h on top of it.
#include <boost/url/src.hpp>

#include <boost/url.hpp>

#include <vector>

#include "url_parts.h"

namespace wasmbind::binding {
namespace {
Error parse_error(std::string_view url, std::string_view why) {
  return Error(ErrorKind::Host, "parse \"" + std::string(url) + "\": " + std::string(why));
}

// RFC 3986 5.2.4 for an absolute path. Boost.URL 1.81's resolve() keeps ".." segments that
// would climb above the root ("/../x"); browsers and Go drop them ("/x").
std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string_view> out;
  bool trailing_slash = false;
  size_t start = path.empty() || path[0] != '/' ? 0 : 1;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string_view segment = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    trailing_slash = false;
    if (segment == "..") {
      if (!out.empty()) out.pop_back();
      trailing_slash = true;
    } else if (segment == ".") {
      trailing_slash = true;
    } else {
      out.push_back(segment);
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  std::string result;
  for (std::string_view segment : out) {
    result += '/';
    result += segment;
  }
  if (trailing_slash || result.empty()) result += '/';
  return result;
}
}  // namespace

Result<HttpUrl> parse_http_url(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return parse_error(url, parsed.error().message());
  const boost::urls::url_view& u = *parsed;
  HttpUrl out;
  if (u.scheme_id() == boost::urls::scheme::https) out.https = true;
  else if (u.scheme_id() != boost::urls::scheme::http)
    return parse_error(url, "not an http or https URL");
  if (!u.has_authority() || u.encoded_host().empty())
    return Error(ErrorKind::Host, "http: no Host in request URL");
  out.host = u.host_address();
  if (u.host_type() == boost::urls::host_type::ipv6 && !out.host.empty() && out.host.front() == '[')
    out.host = out.host.substr(1, out.host.size() - 2);
  if (u.has_port()) {
    if (u.port().empty()) {
      out.port = out.https ? 443 : 80;
    } else if (u.port_number() == 0) {
      return parse_error(url, "invalid port \":" + std::string(u.port()) + "\" after host");
    } else {
      out.port = u.port_number();
    }
  } else {
    out.port = out.https ? 443 : 80;
  }
  out.host_header = u.encoded_host_and_port();
  out.target = u.encoded_path();
  if (out.target.empty()) out.target = "/";
  if (u.has_query()) {
    out.target += '?';
    out.target += u.encoded_query();
  }
  out.decoded_path = u.path();
  return out;
}

Result<std::string> resolve_url_reference(std::string_view base, std::string_view reference) {
  auto b = boost::urls::parse_uri(base);
  if (!b) return parse_error(base, b.error().message());
  auto r = boost::urls::parse_uri_reference(reference);
  if (!r) return parse_error(reference, r.error().message());
  boost::urls::url dest;
  auto ok = boost::urls::resolve(*b, *r, dest);
  if (!ok) return parse_error(reference, ok.error().message());
  dest.remove_fragment();
  if (dest.has_authority()) dest.set_encoded_path(remove_dot_segments(dest.encoded_path()));
  return std::string(dest.buffer());
}

}  // namespace wasmbind::binding
