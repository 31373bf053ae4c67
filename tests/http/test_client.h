// A deliberately simple HTTP/1.1 client for the server tests: blocking POSIX sockets with
// poll() deadlines (a hung server fails the test instead of hanging it), raw bytes out (so
// tests can send malformed and pipelined requests), and responses parsed by Beast.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace wasmbind::http::test {

using namespace std::chrono_literals;

struct TestResponse {
  unsigned status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  bool keep_alive = false;

  bool has_header(const std::string& name) const { return headers.count(name) != 0; }
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class TestConnection {
 public:
  explicit TestConnection(uint16_t port);  // to 127.0.0.1
  ~TestConnection();
  TestConnection(const TestConnection&) = delete;
  TestConnection& operator=(const TestConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // Sends every byte (false if the connection broke).
  bool send(std::string_view bytes);
  // The next response (interim 1xx responses skipped); nothing if the server closed the
  // connection or sent nothing within `timeout`.
  std::optional<TestResponse> read_response(std::chrono::milliseconds timeout = 10s);
  // The same for the response to a HEAD request (headers only, whatever Content-Length says).
  std::optional<TestResponse> read_head_response(std::chrono::milliseconds timeout = 10s);
  // True if the server closes the connection (EOF or reset) within `timeout`; bytes that
  // arrive meanwhile are discarded.
  bool closed_within(std::chrono::milliseconds timeout);
  void close();

 private:
  bool fill(std::chrono::steady_clock::time_point deadline);  // reads more into pending_
  std::optional<TestResponse> read_any_response(std::chrono::milliseconds timeout, bool to_head);
  int fd_ = -1;
  std::string pending_;  // received, not yet parsed
  bool eof_ = false;
};

// A request with Host and Content-Length set, for the common cases.
std::string make_request(std::string_view method, std::string_view target, std::string_view body = {},
                         std::string_view extra_headers = {});

// One request on a fresh connection.
std::optional<TestResponse> fetch(uint16_t port, std::string_view method, std::string_view target,
                                  std::string_view body = {}, std::string_view extra_headers = {});

}  // namespace wasmbind::http::test
