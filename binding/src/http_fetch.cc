#include "http_fetch.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>

#include "gzip.h"
#include "url_parts.h"

namespace wasmbind::binding {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;

// One hop's outcome; `failure` is the text after `Get "URL": `.
struct Hop {
  std::optional<std::string> failure;
  unsigned status = 0;
  std::string location;
  bool gzip = false;
  std::string body;
  bool done = false;  // the exchange finished (with a response or a failure)
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string describe(const error_code& ec) {
  if (ec == beast::error::timeout || ec == asio::error::operation_aborted)
    return "context deadline exceeded";
  return lower(ec.message());
}

bool is_ip_literal(const std::string& host) {
  error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

// One request/response on a fresh connection, as a chain of Asio completion handlers (not
// C++20 coroutines: clang 14 cannot compile Asio's awaitables under AddressSanitizer).
class HopClient : public std::enable_shared_from_this<HopClient> {
 public:
  HopClient(asio::io_context& io, const HttpUrl& url, ssl::context* tls,
            std::chrono::steady_clock::time_point deadline, size_t max_body, Hop& hop)
      : url_(url), tls_(tls), deadline_(deadline), resolver_(io), tcp_(io), hop_(hop) {
    request_ = {bhttp::verb::get, url_.target, 11};
    request_.set(bhttp::field::host, url_.host_header);
    request_.set(bhttp::field::user_agent, "wasmbind");
    request_.set(bhttp::field::accept_encoding, "gzip");
    request_.keep_alive(false);
    parser_.header_limit(64 * 1024);
    parser_.body_limit(max_body);
    max_body_ = max_body;
  }

  void start() {
    resolver_.async_resolve(url_.host, std::to_string(url_.port),
                            [self = shared_from_this()](const error_code& ec, tcp::resolver::results_type r) {
                              self->on_resolve(ec, std::move(r));
                            });
  }

 private:
  void on_resolve(const error_code& ec, const tcp::resolver::results_type& endpoints) {
    if (ec) return fail("dial tcp: lookup " + url_.host + ": " + describe(ec));
    tcp_.expires_at(deadline_);
    tcp_.async_connect(endpoints, [self = shared_from_this()](const error_code& e, const tcp::endpoint&) {
      self->on_connect(e);
    });
  }

  void on_connect(const error_code& ec) {
    if (ec) return fail("dial tcp " + url_.host_header + ": connect: " + describe(ec));
    if (!url_.https) return write(tcp_);
    tls_stream_.emplace(std::move(tcp_), *tls_);
    beast::get_lowest_layer(*tls_stream_).expires_at(deadline_);
    // SNI is for host names only (RFC 6066); the certificate is checked against the host
    // either way (a DNS name, or an IP address SAN).
    if (!is_ip_literal(url_.host) &&
        !SSL_set_tlsext_host_name(tls_stream_->native_handle(), url_.host.c_str()))
      return fail("tls: cannot set the server name");
    tls_stream_->set_verify_mode(ssl::verify_peer);
    tls_stream_->set_verify_callback(ssl::host_name_verification(url_.host));
    tls_stream_->async_handshake(ssl::stream_base::client, [self = shared_from_this()](const error_code& e) {
      if (e) return self->fail("tls: " + describe(e));
      self->write(*self->tls_stream_);
    });
  }

  template <class Stream>
  void write(Stream& stream) {
    bhttp::async_write(stream, request_, [self = shared_from_this(), &stream](const error_code& ec, size_t) {
      if (ec) return self->fail(describe(ec));
      bhttp::async_read(stream, self->buffer_, self->parser_,
                        [self](const error_code& e, size_t) { self->on_read(e); });
    });
  }

  void on_read(const error_code& ec) {
    if (ec == bhttp::error::body_limit)
      return fail("response body exceeds " + std::to_string(max_body_) + " bytes");
    if (ec) return fail(ec == bhttp::error::end_of_stream ? "EOF" : describe(ec));
    auto& response = parser_.get();
    hop_.status = response.result_int();
    hop_.location = std::string(response[bhttp::field::location]);
    hop_.gzip = lower(std::string(response[bhttp::field::content_encoding])) == "gzip";
    hop_.body = std::move(response.body());
    hop_.done = true;
  }

  void fail(std::string why) {
    hop_.failure = std::move(why);
    hop_.done = true;
  }

  HttpUrl url_;
  ssl::context* tls_;
  std::chrono::steady_clock::time_point deadline_;
  size_t max_body_ = 0;
  tcp::resolver resolver_;
  beast::tcp_stream tcp_;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls_stream_;
  bhttp::request<bhttp::empty_body> request_;
  beast::flat_buffer buffer_;
  bhttp::response_parser<bhttp::string_body> parser_;
  Hop& hop_;
};

bool is_redirect(unsigned status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

Error get_error(std::string_view url, std::string_view why) {
  return Error(ErrorKind::Host, "Get \"" + std::string(url) + "\": " + std::string(why));
}

}  // namespace

Result<HttpGetResponse> http_get(std::string_view url_text, const HttpGetOptions& options) {
  std::string current(url_text);
  // The TLS context outlives the io_context below, whose destruction tears down any
  // connection a deadline left open.
  std::optional<ssl::context> tls;
  for (int redirects = 0;; ++redirects) {
    auto url = parse_http_url(current);
    if (!url.ok()) return url.error();
    if (url->https && !tls) {
      tls.emplace(ssl::context::tls_client);
      error_code ec;
      tls->set_default_verify_paths(ec);
      if (ec) return get_error(current, "tls: cannot load the system CA store: " + describe(ec));
    }
    Hop hop;
    {
      asio::io_context io;
      std::make_shared<HopClient>(io, *url, tls ? &*tls : nullptr, options.deadline,
                                  options.max_body_bytes, hop)
          ->start();
      io.run_until(options.deadline);
      // Destroying `io` here drops any handler still pending, and with it the connection.
    }
    if (!hop.done) return get_error(current, "context deadline exceeded");
    if (hop.failure) return get_error(current, *hop.failure);
    if (is_redirect(hop.status) && !hop.location.empty()) {
      if (redirects >= options.max_redirects) {
        auto next = resolve_url_reference(current, hop.location);
        return get_error(next.ok() ? *next : hop.location,
                         "stopped after " + std::to_string(options.max_redirects) + " redirects");
      }
      auto next = resolve_url_reference(current, hop.location);
      if (!next.ok()) return get_error(current, next.error().message);
      current = std::move(*next);
      continue;
    }
    HttpGetResponse response;
    response.status = hop.status;
    if (hop.gzip && hop.status == 200) {
      auto decoded = gunzip(hop.body, options.max_body_bytes);
      if (!decoded.ok()) return get_error(current, decoded.error().message);
      response.body = std::move(*decoded);
    } else {
      response.body = std::move(hop.body);
    }
    return response;
  }
}

}  // namespace wasmbind::binding
