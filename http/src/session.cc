#include "session.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <array>
#include <chrono>
#include <optional>

#include "access_log.h"
#include "disconnect_watch.h"
#include "request_handler.h"

namespace wasmbind::http {

namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr size_t kReadChunk = 16 * 1024;
// What the read buffer may hold beyond max_header_size: Beast keeps an unfinished head, chunk
// header or trailer there, and without a bound a chunk extension (which no body limit counts)
// could grow it without end. Beast reads at most 64 KiB at a time.
constexpr size_t kBufferSlack = 64 * 1024 + kReadChunk;
// After an error response that leaves part of the request unread, the session keeps reading
// (and discarding) for this long before closing, so that the close does not turn into a
// reset that destroys the response before the client has read it.
constexpr auto kLingerTime = std::chrono::seconds(1);

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

bool is_disconnect(const beast::error_code& ec) {
  return ec == net::error::eof || ec == bhttp::error::end_of_stream ||
         ec == beast::error::timeout || ec == net::error::operation_aborted ||
         ec == net::error::connection_reset || ec == net::error::broken_pipe ||
         ec == bhttp::error::partial_message;
}

// RFC 9112: a request may be framed by Content-Length or Transfer-Encoding, never both, and
// a server that does not understand a transfer coding refuses the request. Beast 1.81 lets
// some of these through, so the session checks them itself.
bool framing_is_acceptable(const Request& request) {
  // One Content-Length of plain digits: Beast takes repeated equal values and lists such as
  // "4, 4", which an intermediary could read differently.
  const size_t lengths = request.count(bhttp::field::content_length);
  if (lengths > 1) return false;
  if (lengths == 1) {
    std::string_view value = request[bhttp::field::content_length];
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    if (value.empty() || value.find_first_not_of("0123456789") != std::string_view::npos) return false;
  }
  const size_t te = request.count(bhttp::field::transfer_encoding);
  if (te == 0) return true;
  // An HTTP/1.0 message with Transfer-Encoding has faulty framing (RFC 9112 §6.1): a 1.0
  // proxy in front may have ignored the field and framed it differently.
  if (request.version() < 11) return false;
  if (te > 1 || lengths > 0) return false;
  std::string_view value = request[bhttp::field::transfer_encoding];
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return beast::iequals(value, "chunked");
}

// Whether a comma-separated field value lists `token` (case-insensitive), as Go's hasToken.
bool has_token(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    const size_t comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (beast::iequals(item, token)) return true;
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return false;
}

// Go's answer to an unknown expectation: 417, no body, and the connection closed.
Response expectation_failed() {
  Response r;
  r.status = 417;
  r.close = true;
  return r;
}

}  // namespace

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(ServerState& state, tcp::socket socket)
      : state_(state), stream_(std::move(socket)), buffer_(state.options.max_header_size + kBufferSlack) {}

  ~Session() {
    beast::error_code ec;
    stream_.socket().close(ec);
    if (registered_) {
      state_.connections.remove(handle_);
      if (state_.connection_closed) state_.connection_closed();
    }
  }

  void set_handle(ConnectionSet::Handle handle) {
    handle_ = handle;
    registered_ = true;
  }
  net::any_io_executor executor() { return stream_.get_executor(); }

  void start() { wait_for_request(); }

  void server_stopping() {
    server_stopping_ = true;
    if (phase_ == Phase::Idle) close();
  }

  void grace_expired() {
    grace_expired_ = true;
    switch (phase_) {
      case Phase::Invoking:
        if (cancellation_) cancellation_->cancel();
        break;
      case Phase::Idle:
      case Phase::Head:
      case Phase::Body:
      case Phase::Continue:
        close();
        break;
      case Phase::Writing:
      case Phase::Closing:
        break;  // bounded by the write deadline / linger time
    }
  }

 private:
  enum class Phase { Idle, Head, Continue, Body, Invoking, Writing, Closing };

  const ServerOptions& options() const { return state_.options; }

  // ---- reading a request -------------------------------------------------------------------

  void wait_for_request() {
    parser_.emplace();
    parser_->header_limit(options().max_header_size);
    parser_->body_limit(boost::none);  // checked once the head says what the route is
    head_complete_ = false;
    route_.reset();
    binding_name_.clear();
    bytes_in_ = 0;
    if (server_stopping_ || state_.stopping.load(std::memory_order_relaxed)) return close();
    if (buffer_.size() > 0) return read_head();  // a pipelined request is already here
    phase_ = Phase::Idle;
    stream_.expires_after(options().idle_timeout);
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->on_first_bytes(ec, n);
                            });
  }

  void on_first_bytes(beast::error_code ec, size_t n) {
    if (phase_ == Phase::Closing) return;
    if (ec) return close();
    buffer_.commit(n);
    read_head();
  }

  void read_head() {
    phase_ = Phase::Head;
    started_ = Clock::now();
    // The whole head must arrive within header_timeout of its first byte (slowloris).
    stream_.expires_after(options().header_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = shared_from_this()](beast::error_code ec, size_t) {
                               self->on_head(ec);
                             });
  }

  void on_head(beast::error_code ec) {
    if (phase_ == Phase::Closing) return;
    if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow)
      return respond(protocol_error(431));
    if (is_disconnect(ec)) return close();
    if (ec) return respond(protocol_error(400));
    head_complete_ = true;
    Request& request = parser_->get();
    if (!framing_is_acceptable(request)) return respond(protocol_error(400));
    // Go's server: HTTP/1.1 needs exactly one Host header.
    const size_t hosts = request.count(bhttp::field::host);
    if (hosts > 1 || (hosts == 0 && request.version() >= 11)) return respond(protocol_error(400));
    route_ = route_request(request.method(), request.target());
    if (!route_) return respond(protocol_error(400));
    if (route_->route == Route::Binding) binding_name_ = route_->parameter;

    const auto length = parser_->content_length();
    if (length && *length > options().max_body_size) return body_too_large();
    // Go's server: an expectation other than 100-continue fails with 417 (RFC 9110 §10.1.1).
    const bool expects_continue = has_token(request[bhttp::field::expect], "100-continue");
    if (!expects_continue && request.count(bhttp::field::expect) > 0) return respond(expectation_failed());
    if (parser_->is_done()) return dispatch();

    parser_->body_limit(options().max_body_size);
    if (request.version() >= 11 && expects_continue) {
      phase_ = Phase::Continue;
      stream_.expires_after(options().body_timeout);
      net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                       [self = shared_from_this()](beast::error_code ec, size_t) {
                         if (self->phase_ == Phase::Closing) return;
                         if (ec) return self->close();
                         self->read_body();
                       });
      return;
    }
    read_body();
  }

  void read_body() {
    phase_ = Phase::Body;
    stream_.expires_after(options().body_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, size_t) { self->on_body(ec); });
  }

  void on_body(beast::error_code ec) {
    if (phase_ == Phase::Closing) return;
    if (ec == bhttp::error::body_limit) return body_too_large();
    if (is_disconnect(ec)) return close();
    if (ec) return respond(protocol_error(400));  // e.g. a malformed chunk, or an endless chunk extension
    dispatch();
  }

  // Dapr reads a too-large body through a limited reader, so the binding route fails JSON
  // decoding with "stream too large" (400); elsewhere the plain 413.
  void body_too_large() {
    Response r = route_ && route_->route == Route::Binding ? malformed_request("stream too large")
                                                           : protocol_error(413);
    r.close = true;
    respond(std::move(r));
  }

  // ---- answering ---------------------------------------------------------------------------

  void dispatch() {
    Request& request = parser_->get();
    bytes_in_ = request.body().size();
    HandlerOutcome outcome = handle_request(state_, request, *route_);
    stop_server_after_response_ = outcome.stop_server_after_response;
    if (outcome.invocation) return invoke(std::move(*outcome.invocation));
    respond(std::move(*outcome.response));
  }

  void invoke(Invocation invocation) {
    phase_ = Phase::Invoking;
    peer_gone_ = false;
    cancellation_ = std::make_shared<binding::Cancellation>();
    if (grace_expired_) cancellation_->cancel();
    invocation.request.cancellation = cancellation_;
    watch_for_disconnect();
    state_.workers->submit([self = shared_from_this(), binding = invocation.binding,
                            request = std::move(invocation.request)]() mutable {
      binding::InvokeResult result;
      try {
        result = binding->invoke(request);
      } catch (const std::exception& e) {
        result = binding::InvokeResult{};
        result.error = std::string("internal error: ") + e.what();
      } catch (...) {
        result = binding::InvokeResult{};
        result.error = "internal error";
      }
      const net::any_io_executor ex = self->executor();
      net::post(ex, [self = std::move(self), result = std::move(result)]() mutable {
        self->on_invoked(std::move(result));
      });
    });
  }

  // While the guest runs nothing reads the socket, so readiness means the peer either sent
  // more (a pipelined request: leave it for later) or closed/reset (cancel the guest).
  void watch_for_disconnect() {
    watching_ = true;
    stream_.socket().async_wait(tcp::socket::wait_read,
                                [self = shared_from_this(), generation = watch_generation_](
                                    beast::error_code ec) { self->on_readable(ec, generation); });
  }

  void on_readable(beast::error_code ec, unsigned generation) {
    if (generation != watch_generation_ || phase_ != Phase::Invoking) return;
    watching_ = false;
    if (ec) return;
    switch (peek_peer(stream_.socket().native_handle())) {
      case PeerState::Gone:
        peer_gone_ = true;
        if (cancellation_) cancellation_->cancel();
        break;
      case PeerState::SentData:
        break;
      case PeerState::Quiet:
        watch_for_disconnect();
        break;
    }
  }

  void on_invoked(binding::InvokeResult result) {
    ++watch_generation_;
    if (watching_) {
      beast::error_code ignored;
      stream_.socket().cancel(ignored);
      watching_ = false;
    }
    cancellation_.reset();
    if (peer_gone_) {
      // Nobody to answer; log what happened and drop the connection.
      log_access(0, result.error ? *result.error : std::string_view("client went away"), 0);
      return close();
    }
    respond(response_for_invocation(binding_name_, std::move(result)));
  }

  void respond(Response response) {
    const bool keep_alive = head_complete_ && !response.close && parser_->get().keep_alive() &&
                            !server_stopping_ && !state_.stopping.load(std::memory_order_relaxed);
    response.close = !keep_alive;
    const bool http10_keep_alive = keep_alive && parser_->get().version() == 10;
    serialize_head(head_, response, http10_keep_alive);
    response_ = std::move(response);
    phase_ = Phase::Writing;
    // A client that stops reading its response is cut off like an idle one.
    stream_.expires_after(options().idle_timeout);
    // A response to HEAD carries the headers of the GET response only (RFC 9110 §9.3.2).
    const bool send_body = !(head_complete_ && parser_->get().method() == bhttp::verb::head);
    const std::array<net::const_buffer, 2> buffers = {
        net::buffer(head_), net::buffer(response_.body.data(), send_body ? response_.body.size() : 0)};
    net::async_write(stream_, buffers, [self = shared_from_this()](beast::error_code ec, size_t) {
      self->on_written(ec);
    });
  }

  void on_written(beast::error_code ec) {
    std::string_view error;
    if (response_.status >= 400 && response_.content_type == "application/json") error = response_.body;
    log_access(response_.status, error, response_.body.size());
    if (stop_server_after_response_ && state_.request_stop) state_.request_stop();
    if (ec) return close();
    if (response_.close) return linger_and_close();
    wait_for_request();
  }

  void log_access(unsigned status, std::string_view error, uint64_t bytes_out) {
    if (!state_.logger->enabled(binding::LogLevel::Info)) return;
    AccessRecord record;
    if (head_complete_) {
      const Request& request = parser_->get();
      record.method = request.method_string();
      record.target = request.target();
    }
    record.binding = binding_name_;
    record.status = status;
    record.duration_us = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started_).count());
    record.bytes_in = bytes_in_;
    record.bytes_out = bytes_out;
    record.error = error;
    access_line_.clear();
    format_access_fields(access_line_, record);
    state_.logger->access(access_line_);
  }

  // ---- closing -----------------------------------------------------------------------------

  void linger_and_close() {
    phase_ = Phase::Closing;
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    buffer_.clear();
    stream_.expires_after(kLingerTime);
    drain();
  }

  void drain() {
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                              if (ec) return self->close_socket();
                              self->drain();
                            });
  }

  void close() {
    phase_ = Phase::Closing;
    close_socket();
  }

  void close_socket() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  ServerState& state_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<RouteMatch> route_;
  Phase phase_ = Phase::Idle;
  bool head_complete_ = false;
  bool server_stopping_ = false;
  bool grace_expired_ = false;
  bool stop_server_after_response_ = false;
  bool registered_ = false;
  ConnectionSet::Handle handle_{};

  // The running invocation.
  std::shared_ptr<binding::Cancellation> cancellation_;
  bool watching_ = false;
  bool peer_gone_ = false;
  unsigned watch_generation_ = 0;

  // The response being written, and the request's access-log facts.
  Response response_;
  std::string head_;
  std::string binding_name_;
  std::string access_line_;
  uint64_t bytes_in_ = 0;
  Clock::time_point started_ = Clock::now();
};

void start_session(ServerState& state, tcp::socket socket) {
  beast::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  auto session = std::make_shared<Session>(state, std::move(socket));
  session->set_handle(state.connections.add(session));
  net::post(session->executor(), [session] { session->start(); });
}

void notify_server_stopping(const std::shared_ptr<Session>& session) {
  net::post(session->executor(), [session] { session->server_stopping(); });
}

void notify_grace_expired(const std::shared_ptr<Session>& session) {
  net::post(session->executor(), [session] { session->grace_expired(); });
}

}  // namespace wasmbind::http
