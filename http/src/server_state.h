// What every session shares with the server: options, bindings, the worker pool, the log,
// the metadata store and the set of open connections (for the cap and for graceful stop).
#pragma once

#include <atomic>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "logger.h"
#include "wasmbind/http.h"
#include "worker_pool.h"

namespace wasmbind::http {

class Session;

// PUT /v1.0/metadata/{key} values, reported under "extended" by GET /v1.0/metadata.
class MetadataStore {
 public:
  void put(std::string key, std::string value) {
    std::lock_guard lock(mutex_);
    values_[std::move(key)] = std::move(value);
  }
  std::map<std::string, std::string> snapshot() const {
    std::lock_guard lock(mutex_);
    return values_;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::string> values_;
};

// The open connections. Sessions register when accepted and leave when destroyed; stop()
// walks them to wind each one down on its own I/O thread.
class ConnectionSet {
 public:
  using Handle = std::list<std::weak_ptr<Session>>::iterator;
  Handle add(const std::shared_ptr<Session>& session) {
    std::lock_guard lock(mutex_);
    ++count_;
    return sessions_.insert(sessions_.end(), session);
  }
  // Returns the number of connections left.
  size_t remove(Handle handle) {
    std::lock_guard lock(mutex_);
    sessions_.erase(handle);
    return --count_;
  }
  size_t count() const { return count_.load(std::memory_order_relaxed); }
  // Calls f on each live session, outside the lock (so a session may end meanwhile).
  template <class F>
  void for_each(F&& f) {
    std::vector<std::shared_ptr<Session>> live;
    {
      std::lock_guard lock(mutex_);
      live.reserve(sessions_.size());
      for (auto& weak : sessions_)
        if (auto session = weak.lock()) live.push_back(std::move(session));
    }
    for (const auto& session : live) f(session);
  }

 private:
  std::mutex mutex_;
  std::list<std::weak_ptr<Session>> sessions_;
  std::atomic<size_t> count_{0};
};

struct ServerState {
  ServerOptions options;
  std::unique_ptr<Logger> logger;
  std::unique_ptr<binding::BindingRegistry> registry;
  std::unique_ptr<WorkerPool> workers;
  MetadataStore metadata;
  ConnectionSet connections;
  std::atomic<bool> stopping{false};
  std::function<void()> request_stop;     // POST /v1.0/shutdown
  std::function<void()> connection_closed;  // a session ended (shutdown may be complete)
};

}  // namespace wasmbind::http
