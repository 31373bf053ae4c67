// One client connection: reads requests one at a time (keep-alive and pipelining; responses
// go out in request order), enforces the head/body/idle deadlines and size limits, hands
// binding calls to the worker pool while watching for the client going away, and winds
// down gracefully when the server stops.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <memory>

#include "server_state.h"

namespace wasmbind::http {

// Creates a session for an accepted socket (already bound to its I/O context), registers it
// with state.connections and starts it on its executor.
void start_session(ServerState& state, boost::asio::ip::tcp::socket socket);

// Posted to every open session when the server stops: idle keep-alive connections close
// at once, the others after their current response.
void notify_server_stopping(const std::shared_ptr<Session>& session);
// Posted when the shutdown grace period ends: running guests are cancelled, connections
// still reading a request are closed.
void notify_grace_expired(const std::shared_ptr<Session>& session);

}  // namespace wasmbind::http
