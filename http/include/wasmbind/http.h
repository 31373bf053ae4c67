// wasmbind::http: a Boost.Beast server speaking Dapr's HTTP API for output bindings.
//
// Routes: POST|PUT /v1.0/bindings/{name}, GET /v1.0/healthz, GET /v1.0/healthz/outbound,
// GET /v1.0/metadata, PUT /v1.0/metadata/{key}, POST /v1.0/shutdown; anything else gets
// Dapr's ERR_DIRECT_INVOKE 404. Guests run on a worker pool, never on the I/O threads; a
// client that disconnects cancels its running guest.
//
// Status codes and bodies are Dapr's (../shared/specs/dapr-bindings-wasm.md §1, §5); request
// bodies are decoded and `data` re-encoded with Go encoding/json's rules. Beyond Dapr:
// * a component with `stderr: header` gets its guest's stderr back in the response header
//   `wasmbind-stderr`, percent-encoded (every byte outside 0x21..0x7E, and '%', as %XX; so
//   "warn: 100%\n" is "warn:%20100%25%0A"); at most the first 16 KiB, and then also
//   `wasmbind-stderr-truncated: <total bytes>`;
// * malformed HTTP gets Go net/http's plain answers (400, 413, 431; 417 for an Expect other
//   than 100-continue) and a closed connection; any request with both Transfer-Encoding and
//   Content-Length, a transfer coding other than chunked, Transfer-Encoding in HTTP/1.0, or
//   more than one Content-Length (even equal ones, or a list) is refused (request smuggling);
//   an unfinished head, chunk header or trailer may hold at most max_header_size + 80 KiB
//   (a longer chunk extension gets 400); obs-fold is unfolded to spaces, as RFC 9112 allows;
// * responses to HEAD carry no body;
// * one access-log line per request (logfmt, level info): method, target, binding, status
//   (0 when the client left before the answer), duration_us, bytes_in, bytes_out, error.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wasmbind/binding.h"

namespace wasmbind::http {

struct ServerOptions {
  std::vector<std::string> resources_paths;  // component folders (--resources-path)
  std::string app_id;                        // --app-id; matched against component scopes
  std::string listen_address = "0.0.0.0";
  uint16_t port = 3500;                      // 0: pick a free port (see Server::port())
  uint64_t max_body_size = 4u << 20;         // bytes; larger bodies get Dapr's 400
  uint32_t max_header_size = 64u << 10;      // request line + headers; larger gets 431
  uint32_t max_connections = 1024;           // extra connections are closed at once
  std::chrono::milliseconds header_timeout{10'000};  // whole request head must arrive in this
  std::chrono::milliseconds body_timeout{60'000};    // whole body must arrive in this
  std::chrono::milliseconds idle_timeout{60'000};    // keep-alive connection with no request
  std::chrono::milliseconds shutdown_grace{5'000};   // in-flight calls get this long, then cancelled
  unsigned io_threads = 0;      // 0: one per core
  unsigned worker_threads = 0;  // 0: one per core
  std::optional<std::string> api_token;  // DAPR_API_TOKEN: required as header dapr-api-token
  binding::LogLevel log_level = binding::LogLevel::Info;
  binding::LogSink log;  // empty: one line per event on stderr
};

class Server {
 public:
  // Loads the components, initialises the bindings (a failing one is an Error unless it has
  // ignoreErrors), binds the listening socket and starts the I/O and worker threads.
  static Result<std::unique_ptr<Server>> start(ServerOptions options);
  ~Server();  // stops (as stop()) and joins every thread

  uint16_t port() const;  // the bound port (useful with port 0)

  // Graceful stop: the acceptor closes at once; in-flight calls get shutdown_grace to finish,
  // then are cancelled; every response already started is completed. Any thread; idempotent.
  void stop();
  // Blocks until stop() was called (or POST /v1.0/shutdown arrived) and shutdown finished.
  void wait();

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A byte count as Dapr's --max-body-size takes it: plain bytes ("4194304"), or a number with
// a binary (Ki, Mi, Gi, Ti, KiB, MiB, ...) or decimal (k, K, M, G, T, KB, MB, ...) suffix,
// e.g. "4Mi" = 4194304, "4MB" = 4000000, "1.5Mi" = 1572864. Errors name the text.
Result<uint64_t> parse_byte_size(std::string_view text);

// Log level names for --log-level: debug, info, warn (or warning), error (or fatal).
std::optional<binding::LogLevel> parse_log_level(std::string_view text);

// One line on what this component does in the current build, for `wasmbind version`.
std::string_view description();

}  // namespace wasmbind::http
