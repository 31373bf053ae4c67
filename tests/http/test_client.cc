#include "test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>

namespace wasmbind::http::test {

namespace bhttp = boost::beast::http;
using Clock = std::chrono::steady_clock;

TestConnection::TestConnection(uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);
    fd_ = -1;
    return;
  }
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

TestConnection::~TestConnection() { close(); }

void TestConnection::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool TestConnection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool TestConnection::fill(Clock::time_point deadline) {
  if (eof_ || fd_ < 0) return false;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    const int r = ::poll(&p, 1, static_cast<int>(left));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    char chunk[16384];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      eof_ = true;
      return false;
    }
    pending_.append(chunk, static_cast<size_t>(n));
    return true;
  }
}

std::optional<TestResponse> TestConnection::read_response(std::chrono::milliseconds timeout) {
  return read_any_response(timeout, false);
}

std::optional<TestResponse> TestConnection::read_head_response(std::chrono::milliseconds timeout) {
  return read_any_response(timeout, true);
}

std::optional<TestResponse> TestConnection::read_any_response(std::chrono::milliseconds timeout, bool to_head) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.eager(true);
    parser.body_limit(boost::none);
    parser.skip(to_head);
    for (;;) {
      boost::beast::error_code ec;
      if (!pending_.empty()) {
        const size_t used = parser.put(boost::asio::buffer(pending_), ec);
        pending_.erase(0, used);
        if (ec && ec != bhttp::error::need_more) return std::nullopt;
        if (parser.is_done()) break;
      }
      if (!fill(deadline)) {
        if (eof_ && parser.got_some()) {
          parser.put_eof(ec);
          if (!ec && parser.is_done()) break;
        }
        return std::nullopt;
      }
    }
    auto& message = parser.get();
    if (message.result_int() / 100 == 1) continue;  // 100 Continue
    TestResponse response;
    response.status = message.result_int();
    for (const auto& field : message) {
      std::string name(field.name_string());
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      response.headers[name] = std::string(field.value());
    }
    response.body = std::move(message.body());
    response.keep_alive = message.keep_alive();
    return response;
  }
}

bool TestConnection::closed_within(std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  pending_.clear();
  while (fill(deadline)) pending_.clear();
  return eof_;
}

std::string make_request(std::string_view method, std::string_view target, std::string_view body,
                         std::string_view extra_headers) {
  std::string r;
  r.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  if (!body.empty() || method == "POST" || method == "PUT")
    r.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  r.append(extra_headers);
  r.append("\r\n");
  r.append(body);
  return r;
}

std::optional<TestResponse> fetch(uint16_t port, std::string_view method, std::string_view target,
                                  std::string_view body, std::string_view extra_headers) {
  TestConnection c(port);
  if (!c.connected() || !c.send(make_request(method, target, body, extra_headers))) return std::nullopt;
  return c.read_response();
}

}  // namespace wasmbind::http::test
