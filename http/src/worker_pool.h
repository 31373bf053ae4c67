// The threads that run guests. OutputBinding::invoke blocks for as long as the guest runs,
// so it never runs on an I/O thread: sessions hand it here and get the result posted back.
#pragma once

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <utility>

namespace wasmbind::http {

class WorkerPool {
 public:
  explicit WorkerPool(unsigned threads) : pool_(threads) {}
  ~WorkerPool() { join(); }

  // Runs `task` on a worker thread; tasks queue while every worker is busy.
  template <class Task>
  void submit(Task&& task) {
    boost::asio::post(pool_, std::forward<Task>(task));
  }

  // Waits for the queued and running tasks to finish, then stops the threads.
  void join() { pool_.join(); }

 private:
  boost::asio::thread_pool pool_;
};

}  // namespace wasmbind::http
