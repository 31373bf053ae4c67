// A small HTTP/1.1 server on 127.0.0.1 (Boost.Asio + Beast) for the module-download tests:
// canned responses per request target, optional delays, and a hit counter per target.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace wasmbind::binding::testing {

class TestHttpServer {
 public:
  struct Response {
    unsigned status = 200;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::chrono::milliseconds delay{0};  // before the response is written
  };

  TestHttpServer();   // listening on 127.0.0.1, an ephemeral port
  ~TestHttpServer();  // stops and joins the server thread

  void route(const std::string& target, Response response);
  uint16_t port() const { return port_; }
  std::string url(const std::string& target) const;
  int hits(const std::string& target) const;
  // Headers of the last request to `target`, lower-cased names.
  std::map<std::string, std::string> last_headers(const std::string& target) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  uint16_t port_ = 0;
};

// gzip-compresses `data` (zlib), for Content-Encoding: gzip responses.
std::string gzip_compress(const std::string& data);

}  // namespace wasmbind::binding::testing
