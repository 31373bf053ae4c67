// Fuzzes the HTTP request path: each input is a raw byte stream a client sends on one
// connection, handled by the real session code (http/src/session.cc: Beast's parser, the
// framing and Host checks, routing, Dapr request decoding, the echo and stderr guests on the
// worker pool, response serialization, keep-alive, pipelining, lingering close).
//
// The server state is built once as Server::start builds it (components from a temporary
// folder holding two tiny WAT guests), its I/O context run on the fuzzing thread itself
// between the client's reads and writes (no thread hand-offs); every input then gets a fresh
// AF_UNIX socketpair whose server end is handed to start_session, exactly as the acceptor
// hands over a TCP socket. The client end writes the input, reads the responses to the
// complete requests the input holds (counted with Beast's own request parser), half-closes,
// and reads until the server closes. It aborts when
//   - the bytes that came back are not a sequence of complete HTTP/1.1 responses (interim
//     100s allowed; a HEAD response has no body), or carry bytes after a Connection: close
//     response, or more final responses than requests;
//   - the server does not close the connection within 2 s of the half-close, or the session
//     is still registered 2 s later (a session that never ends is a resource leak);
//   - a fresh connection asking GET /v1.0/healthz does not get 204.
// ASan/UBSan/LSan report memory errors, undefined behaviour and leaks as usual.
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "logger.h"
#include "server_state.h"
#include "session.h"

namespace {

namespace fs = std::filesystem;
namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using namespace wasmbind;
using Clock = std::chrono::steady_clock;

constexpr uint32_t kMaxHeaderSize = 8 * 1024;  // small, so that 431 is reachable
constexpr uint64_t kMaxBodySize = 4 * 1024;    // small, so that 413 / "stream too large" are

[[noreturn]] void violation(const std::string& what, std::string_view output = {}) {
  std::fprintf(stderr, "HTTP session invariant broken: %s\n", what.c_str());
  if (!output.empty())
    std::fprintf(stderr, "--- server output (%zu bytes) ---\n%.*s\n---\n", output.size(),
                 static_cast<int>(std::min<size_t>(output.size(), 4096)), output.data());
  std::abort();
}

std::string component(const std::string& name, const std::string& wasm, const std::string& extra = "") {
  return "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name +
         "\nspec:\n  type: bindings.wasm\n  version: v1\n  metadata:\n  - name: url\n    value: \"file://" +
         wasm + "\"\n" + extra;
}

// The server's shared state and its I/O context, alive for the whole run (deliberately never
// destroyed: libFuzzer leaves through exit() with the worker threads still there).
struct Harness {
  http::ServerState state;
  net::io_context io{1};
  net::executor_work_guard<net::io_context::executor_type> guard = net::make_work_guard(io);

  Harness() {
    const fs::path dir = fs::temp_directory_path() / ("wasmbind-fuzz-http-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "components.yaml")
        << component("echo", FUZZ_HTTP_WASM_DIR "/echo.wasm") << "---\n"
        << component("stderr", FUZZ_HTTP_WASM_DIR "/stderr.wasm", "  - name: stderr\n    value: header\n");
    http::ServerOptions& o = state.options;
    o.resources_paths = {dir.string()};
    o.app_id = "fuzz";
    o.max_header_size = kMaxHeaderSize;
    o.max_body_size = kMaxBodySize;
    o.header_timeout = o.body_timeout = o.idle_timeout = std::chrono::seconds(5);
    o.log_level = binding::LogLevel::Debug;  // format every access line too
    state.logger = std::make_unique<http::Logger>(o.log_level, [](binding::LogLevel, std::string_view) {});
    auto loaded = binding::load_components(o.resources_paths, o.app_id);
    if (!loaded) violation("components: " + loaded.error().to_string());
    binding::InitOptions init;
    init.log = state.logger->as_sink();
    auto registry = binding::BindingRegistry::create(*loaded, init);
    if (!registry) violation("bindings: " + registry.error().to_string());
    state.registry = std::move(registry.value());
    state.workers = std::make_unique<http::WorkerPool>(2);
    fs::remove_all(dir);
    // request_stop stays empty: POST /v1.0/shutdown is answered but stops nothing here.
  }

  // Runs the session handlers that are ready; if there were none and `idle`, waits up to
  // 1 ms for one (a socket event, or a guest's result posted by a worker).
  bool pump(bool idle) {
    if (io.poll() > 0) return true;
    return idle && io.run_one_for(std::chrono::milliseconds(1)) > 0;
  }

  // A new connection handled by the session code; returns the client's end (non-blocking).
  int connect() {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) violation("socketpair failed");
    net::ip::tcp::socket server_end(io);
    boost::system::error_code ec;
    server_end.assign(net::ip::tcp::v4(), fds[0], ec);
    if (ec) violation("assign: " + ec.message());
    http::start_session(state, std::move(server_end));
    ::fcntl(fds[1], F_SETFL, ::fcntl(fds[1], F_GETFL) | O_NONBLOCK);
    return fds[1];
  }

  void wait_for_sessions_to_end() {
    const auto deadline = Clock::now() + std::chrono::seconds(2);
    while (state.connections.count() != 0) {
      if (Clock::now() > deadline) violation("a session outlived its connection by 2 s");
      pump(true);
    }
  }
};

Harness& harness() {
  static Harness* h = new Harness();
  return *h;
}

// The complete requests at the front of `input` as the server's parser sees them (same
// limits): their methods, in order, plus the method of a request whose head parsed but
// whose body did not (the server may still answer it, e.g. 413). `complete` counts the
// first kind.
struct RequestScan {
  std::vector<bhttp::verb> methods;
  size_t complete = 0;
};

RequestScan scan_requests(std::string_view input) {
  RequestScan scan;
  while (!input.empty()) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.eager(true);
    parser.header_limit(kMaxHeaderSize);
    parser.body_limit(kMaxBodySize);
    boost::beast::error_code ec;
    const size_t used = parser.put(net::buffer(input.data(), input.size()), ec);
    if (parser.is_header_done()) scan.methods.push_back(parser.get().method());
    if (ec || !parser.is_done()) break;
    ++scan.complete;
    input.remove_prefix(used);
  }
  return scan;
}

// Checks that `output` is a sequence of complete HTTP/1.1 responses; returns the number of
// final (non-1xx) responses.
size_t check_responses(std::string_view output, const RequestScan& scan) {
  size_t finals = 0;
  std::string_view rest = output;
  while (!rest.empty()) {
    if (finals > scan.complete) violation("more responses than requests", output);
    bhttp::response_parser<bhttp::string_body> parser;
    parser.eager(true);
    parser.body_limit(boost::none);
    if (finals < scan.methods.size() && scan.methods[finals] == bhttp::verb::head) parser.skip(true);
    boost::beast::error_code ec;
    const size_t used = parser.put(net::buffer(rest.data(), rest.size()), ec);
    if (ec || !parser.is_done()) violation("response does not parse: " + ec.message(), output);
    rest.remove_prefix(used);
    const auto& response = parser.get();
    if (response.version() != 11) violation("response is not HTTP/1.1", output);
    const unsigned status = response.result_int();
    if (status / 100 == 1) {
      if (status != 100) violation("unexpected interim status", output);
      continue;
    }
    switch (status) {
      case 200: case 204: case 400: case 401: case 404: case 413: case 417: case 431: case 500: case 505: break;
      default: violation("unexpected status " + std::to_string(status), output);
    }
    ++finals;
    if (!response.keep_alive() && !rest.empty()) violation("bytes after a closing response", output);
  }
  return finals;
}

// How many final responses `output` holds so far (a half-received one does not count).
size_t count_finished_responses(std::string_view output, const RequestScan& scan) {
  size_t finals = 0;
  while (!output.empty()) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.eager(true);
    parser.body_limit(boost::none);
    if (finals < scan.methods.size() && scan.methods[finals] == bhttp::verb::head) parser.skip(true);
    boost::beast::error_code ec;
    const size_t used = parser.put(net::buffer(output.data(), output.size()), ec);
    if (ec || !parser.is_done()) break;
    output.remove_prefix(used);
    if (parser.get().result_int() / 100 != 1) ++finals;
  }
  return finals;
}

// Writes `input` on the client end, reads until the server closes; returns what came back.
std::string exchange(Harness& h, int fd, std::string_view input, size_t expected_responses,
                     const RequestScan& scan) {
  std::string output;
  size_t written = 0;
  bool half_closed = false;
  auto last_progress = Clock::now();
  auto half_close = [&] {
    ::shutdown(fd, SHUT_WR);
    half_closed = true;
    last_progress = Clock::now();
  };
  if (input.empty()) half_close();
  for (;;) {
    const bool server_ran = h.pump(false);
    pollfd p{fd, static_cast<short>(POLLIN | (written < input.size() ? POLLOUT : 0)), 0};
    const int ready = ::poll(&p, 1, 0);
    if (ready < 0 && errno != EINTR) violation("poll failed");
    if (ready <= 0 && !server_ran) h.pump(true);
    if (ready > 0 && (p.revents & POLLOUT) && written < input.size()) {
      const ssize_t n = ::send(fd, input.data() + written, input.size() - written, MSG_NOSIGNAL);
      if (n > 0) {
        written += static_cast<size_t>(n);
        last_progress = Clock::now();
      } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
        written = input.size();  // the server closed early; the rest goes unsent
      }
    }
    if (ready > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR))) {
      char chunk[16384];
      const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) break;  // the server closed
      if (n > 0) {
        output.append(chunk, static_cast<size_t>(n));
        last_progress = Clock::now();
      }
    }
    // Once every complete request is answered, the rest of the input is an unfinished
    // request (or nothing): end it.
    if (!half_closed && written == input.size() && count_finished_responses(output, scan) >= expected_responses)
      half_close();
    const auto quiet = Clock::now() - last_progress;
    if (!half_closed && written == input.size() && quiet > std::chrono::milliseconds(200)) {
      half_close();  // the server waits for more than the scan predicted: let it see the end
    } else if (half_closed && quiet > std::chrono::seconds(2)) {
      violation("the server did not close the connection within 2 s of the client's half-close", output);
    }
  }
  return output;
}

void check_healthz(Harness& h) {
  const std::string_view request = "GET /v1.0/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  RequestScan scan;
  scan.methods = {bhttp::verb::get};
  scan.complete = 1;
  const int fd = h.connect();
  const std::string output = exchange(h, fd, request, 1, scan);
  ::close(fd);
  if (check_responses(output, scan) != 1 || output.compare(0, 12, "HTTP/1.1 204") != 0)
    violation("healthz does not answer 204", output);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Harness& h = harness();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const RequestScan scan = scan_requests(input);

  const int fd = h.connect();
  const std::string output = exchange(h, fd, input, scan.complete, scan);
  ::close(fd);
  check_responses(output, scan);
  h.wait_for_sessions_to_end();

  // The server keeps serving (every 16th input; each check is a whole extra exchange).
  static unsigned counter = 0;
  if (++counter % 16 == 0) {
    check_healthz(h);
    h.wait_for_sessions_to_end();
  }
  return 0;
}
