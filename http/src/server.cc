// Server: start-up (components, bindings, listening socket, threads), the accept loop with
// the connection cap, and graceful stop. Signals are the caller's business (wasmbind serve).
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "server_state.h"
#include "session.h"
#include "wasmbind/http.h"

namespace wasmbind::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// After the grace period, sessions still writing or lingering get this much longer before
// the server stops waiting for them.
constexpr auto kFinalDeadline = std::chrono::seconds(5);
// How long the acceptor pauses when accept fails for lack of descriptors.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(50);

unsigned default_threads(unsigned requested) {
  if (requested != 0) return requested;
  const unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : cores;
}

Error server_error(std::string message) { return Error(ErrorKind::Host, std::move(message)); }

}  // namespace

struct Server::Impl {
  // Declared first so that they outlive every I/O context and the sessions those own
  // (a session's destructor reports to both).
  ServerState state;
  std::mutex done_mutex;
  std::condition_variable done_cv;
  bool stop_requested = false;
  bool connections_drained = false;
  bool deadline_passed = false;
  std::once_flag joined;

  std::vector<std::unique_ptr<net::io_context>> contexts;
  std::vector<net::executor_work_guard<net::io_context::executor_type>> guards;
  std::vector<std::thread> io_threads;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::unique_ptr<net::steady_timer> accept_retry;
  std::unique_ptr<net::steady_timer> grace_timer;
  size_t next_context = 0;
  uint16_t port = 0;

  net::io_context& acceptor_context() { return *contexts.front(); }

  void accept_next() {
    net::io_context& target = *contexts[next_context];
    next_context = (next_context + 1) % contexts.size();
    acceptor->async_accept(target.get_executor(), [this](boost::system::error_code ec, tcp::socket socket) {
      on_accept(ec, std::move(socket));
    });
  }

  void on_accept(boost::system::error_code ec, tcp::socket socket) {
    if (state.stopping.load()) return;  // the acceptor is closed; the socket closes here
    if (ec) {
      if (ec == net::error::operation_aborted) return;
      // Out of descriptors (or a connection reset before accept): pause, then go on.
      state.logger->log(binding::LogLevel::Warn, "accept failed: " + ec.message());
      accept_retry->expires_after(kAcceptRetryDelay);
      accept_retry->async_wait([this](boost::system::error_code wait_ec) {
        if (!wait_ec && !state.stopping.load()) accept_next();
      });
      return;
    }
    if (state.connections.count() >= state.options.max_connections) {
      boost::system::error_code ignored;
      socket.close(ignored);  // over the cap: closed at once, before reading anything
      state.logger->log(binding::LogLevel::Debug, "connection refused: max_connections reached");
    } else {
      start_session(state, std::move(socket));
    }
    accept_next();
  }

  void stop() {
    {
      std::lock_guard lock(done_mutex);
      if (stop_requested) return;
      stop_requested = true;
    }
    state.stopping.store(true);
    net::post(acceptor_context(), [this] {
      boost::system::error_code ignored;
      acceptor->close(ignored);
      accept_retry->cancel();
      state.logger->log(binding::LogLevel::Info, "shutting down");
      state.connections.for_each([](const std::shared_ptr<Session>& s) { notify_server_stopping(s); });
      grace_timer->expires_after(state.options.shutdown_grace);
      grace_timer->async_wait([this](boost::system::error_code ec) {
        if (ec) return;
        state.connections.for_each([](const std::shared_ptr<Session>& s) { notify_grace_expired(s); });
        grace_timer->expires_after(kFinalDeadline);
        grace_timer->async_wait([this](boost::system::error_code final_ec) {
          if (final_ec) return;
          std::lock_guard lock(done_mutex);
          deadline_passed = true;
          done_cv.notify_all();
        });
      });
      check_drained();
    });
  }

  void check_drained() {
    if (!state.stopping.load() || state.connections.count() != 0) return;
    std::lock_guard lock(done_mutex);
    connections_drained = true;
    done_cv.notify_all();
  }

  void wait() {
    {
      std::unique_lock lock(done_mutex);
      done_cv.wait(lock, [this] { return connections_drained || deadline_passed; });
    }
    std::call_once(joined, [this] {
      for (auto& guard : guards) guard.reset();
      // Nothing is left to serve: pending timers and any session still lingering go.
      for (auto& context : contexts) context->stop();
      for (auto& thread : io_threads)
        if (thread.joinable()) thread.join();
      if (state.workers) state.workers->join();
      state.logger->flush();
    });
  }
};

Result<std::unique_ptr<Server>> Server::start(ServerOptions options) {
  auto impl = std::make_unique<Impl>();
  ServerState& state = impl->state;
  state.logger = std::make_unique<Logger>(options.log_level, options.log);
  state.options = std::move(options);
  const ServerOptions& opts = state.options;
  Logger& logger = *state.logger;

  // Components and bindings first: a failure here is a start-up error, as in Dapr.
  binding::LoadedComponents loaded;
  if (!opts.resources_paths.empty()) {
    auto components = binding::load_components(opts.resources_paths, opts.app_id);
    if (!components) return components.error();
    loaded = std::move(components.value());
  }
  for (const std::string& warning : loaded.warnings) logger.log(binding::LogLevel::Warn, warning);
  binding::InitOptions init;
  init.log = logger.as_sink();
  init.force_strict_sandbox = loaded.global_strict_sandbox;
  auto registry = binding::BindingRegistry::create(loaded, init);
  if (!registry) return registry.error();
  state.registry = std::move(registry.value());

  // The listening socket.
  boost::system::error_code ec;
  const std::string host = opts.listen_address == "localhost" ? "127.0.0.1" : opts.listen_address;
  const net::ip::address address = net::ip::make_address(host, ec);
  if (ec) return server_error("invalid listen address '" + opts.listen_address + "': " + ec.message());

  const unsigned io_threads = default_threads(opts.io_threads);
  for (unsigned i = 0; i < io_threads; ++i) {
    impl->contexts.push_back(std::make_unique<net::io_context>(1));
    impl->guards.push_back(net::make_work_guard(*impl->contexts.back()));
  }
  impl->acceptor = std::make_unique<tcp::acceptor>(impl->acceptor_context());
  impl->accept_retry = std::make_unique<net::steady_timer>(impl->acceptor_context());
  impl->grace_timer = std::make_unique<net::steady_timer>(impl->acceptor_context());
  const tcp::endpoint endpoint(address, opts.port);
  tcp::acceptor& acceptor = *impl->acceptor;
  const std::string where = host + ":" + std::to_string(opts.port);
  if (acceptor.open(endpoint.protocol(), ec); ec) return server_error("listen on " + where + ": " + ec.message());
  acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (acceptor.bind(endpoint, ec); ec) return server_error("listen on " + where + ": " + ec.message());
  if (acceptor.listen(net::socket_base::max_listen_connections, ec); ec)
    return server_error("listen on " + where + ": " + ec.message());
  impl->port = acceptor.local_endpoint(ec).port();

  state.workers = std::make_unique<WorkerPool>(default_threads(opts.worker_threads));
  Impl* raw = impl.get();
  state.request_stop = [raw] { raw->stop(); };
  state.connection_closed = [raw] { raw->check_drained(); };

  impl->accept_next();
  for (auto& context : impl->contexts)
    impl->io_threads.emplace_back([ctx = context.get()] { ctx->run(); });

  logger.log(binding::LogLevel::Info,
             "listening on " + address.to_string() + ":" + std::to_string(impl->port) + " (" +
                 std::to_string(io_threads) + " I/O threads, " +
                 std::to_string(default_threads(opts.worker_threads)) + " workers)");
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() {
  if (!impl_) return;
  impl_->stop();
  impl_->wait();
}

uint16_t Server::port() const { return impl_->port; }
void Server::stop() { impl_->stop(); }
void Server::wait() { impl_->wait(); }

}  // namespace wasmbind::http
