// `wasmbind serve`: runs wasmbind::http::Server until SIGINT, SIGTERM or POST /v1.0/shutdown.
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <thread>

#include "commands.h"
#include "wasmbind/http.h"

namespace wasmbind::tools {
namespace {

// Many keep-alive clients need many descriptors: use the whole hard limit.
void raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

int fail(const std::string& message) {
  std::cerr << "wasmbind serve: " << message << '\n';
  return 1;
}

}  // namespace

int run_serve(const ServeOptions& options) {
  http::ServerOptions server_options;
  for (const std::string& path : options.resources_paths)
    if (!path.empty()) server_options.resources_paths.push_back(path);
  server_options.listen_address = options.listen_address;
  server_options.port = options.port;
  server_options.app_id = options.app_id;
  auto body_size = http::parse_byte_size(options.max_body_size);
  if (!body_size) return fail("--max-body-size: " + body_size.error().message);
  server_options.max_body_size = *body_size;
  const auto level = http::parse_log_level(options.log_level);
  if (!level) return fail("--log-level: unknown level '" + options.log_level + "' (debug, info, warn, error)");
  server_options.log_level = *level;
  server_options.io_threads = options.io_threads;
  server_options.worker_threads = options.worker_threads;
  if (const char* token = std::getenv("DAPR_API_TOKEN"); token != nullptr && *token != '\0')
    server_options.api_token = token;
  raise_descriptor_limit();

  // Every thread the server starts inherits this mask, so the signals reach only the
  // sigtimedwait below, which turns them into a graceful stop.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto server = http::Server::start(std::move(server_options));
  if (!server) return fail(server.error().message);

  std::atomic<bool> stopped{false};
  std::thread signal_waiter([&] {
    const timespec poll_interval{0, 200'000'000};
    while (!stopped.load()) {
      const int signal_number = sigtimedwait(&stop_signals, nullptr, &poll_interval);
      if (signal_number == SIGINT || signal_number == SIGTERM) {
        (*server)->stop();
        return;
      }
    }
  });
  (*server)->wait();
  stopped.store(true);
  signal_waiter.join();
  return 0;
}

}  // namespace wasmbind::tools
