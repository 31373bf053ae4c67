#include "test_http_server.h"

#include <zlib.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cctype>
#include <memory>
#include <stdexcept>

namespace wasmbind::binding::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

struct TestHttpServer::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::thread thread;
  mutable std::mutex mutex;
  std::map<std::string, Response> routes;
  std::map<std::string, int> hits;
  std::map<std::string, std::map<std::string, std::string>> headers;

  // What to answer for one request; records the hit and its headers.
  Response respond_to(const bhttp::request<bhttp::string_body>& request) {
    std::string target(request.target());
    std::lock_guard lock(mutex);
    ++hits[target];
    auto& seen = headers[target];
    seen.clear();
    for (const auto& field : request) {
      std::string name(field.name_string());
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      seen[name] = std::string(field.value());
    }
    if (auto it = routes.find(target); it != routes.end()) return it->second;
    return Response{404, "not found", {}, {}};
  }

  void accept() {
    acceptor.async_accept([this](const boost::system::error_code& ec, tcp::socket socket) {
      if (ec) return;
      std::make_shared<Session>(this, std::move(socket))->read();
      accept();
    });
  }

  // One keep-alive connection, as completion handlers (clang 14 cannot build Asio's C++20
  // coroutines under AddressSanitizer).
  struct Session : std::enable_shared_from_this<Session> {
    Session(Impl* server, tcp::socket s) : impl(server), socket(std::move(s)), timer(socket.get_executor()) {}

    void read() {
      request = {};
      bhttp::async_read(socket, buffer, request,
                        [self = shared_from_this()](const boost::system::error_code& ec, size_t) {
                          if (ec) return;
                          self->canned = self->impl->respond_to(self->request);
                          if (self->canned.delay.count() == 0) return self->write();
                          self->timer.expires_after(self->canned.delay);
                          self->timer.async_wait([self](const boost::system::error_code& e) {
                            if (!e) self->write();
                          });
                        });
    }

    void write() {
      response = {static_cast<bhttp::status>(canned.status), request.version()};
      for (const auto& [name, value] : canned.headers) response.set(name, value);
      response.body() = canned.body;
      response.prepare_payload();
      response.keep_alive(request.keep_alive());
      bhttp::async_write(socket, response,
                         [self = shared_from_this()](const boost::system::error_code& ec, size_t) {
                           if (!ec && self->request.keep_alive()) self->read();
                         });
    }

    Impl* impl;
    tcp::socket socket;
    asio::steady_timer timer;
    beast::flat_buffer buffer;
    bhttp::request<bhttp::string_body> request;
    bhttp::response<bhttp::string_body> response;
    Response canned;
  };
};

TestHttpServer::TestHttpServer() : impl_(std::make_unique<Impl>()) {
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen();
  port_ = impl_->acceptor.local_endpoint().port();
  impl_->accept();
  impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
}

TestHttpServer::~TestHttpServer() {
  impl_->io.stop();
  impl_->thread.join();
}

void TestHttpServer::route(const std::string& target, Response response) {
  std::lock_guard lock(impl_->mutex);
  impl_->routes[target] = std::move(response);
}

std::string TestHttpServer::url(const std::string& target) const {
  return "http://127.0.0.1:" + std::to_string(port_) + target;
}

int TestHttpServer::hits(const std::string& target) const {
  std::lock_guard lock(impl_->mutex);
  auto it = impl_->hits.find(target);
  return it == impl_->hits.end() ? 0 : it->second;
}

std::map<std::string, std::string> TestHttpServer::last_headers(const std::string& target) const {
  std::lock_guard lock(impl_->mutex);
  auto it = impl_->headers.find(target);
  return it == impl_->headers.end() ? std::map<std::string, std::string>{} : it->second;
}

std::string gzip_compress(const std::string& data) {
  z_stream z{};
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  size_t produced = out.size() - z.avail_out;
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  out.resize(produced);
  return out;
}

}  // namespace wasmbind::binding::testing
