// BlockingPool: threads for work that may block (a read waiting for a consistency
// token), kept off gRPC's callback threads, which must never block.
//
// Threads start on demand, up to `max_threads`, and stay for later work; beyond them
// at most `max_queued` tasks wait for a thread, and Submit refuses more (the caller
// answers RESOURCE_EXHAUSTED). The destructor runs every accepted task, then joins.
#ifndef DATELINE_LIB_SERVER_BLOCKING_POOL_H_
#define DATELINE_LIB_SERVER_BLOCKING_POOL_H_

#include <cstddef>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace dateline {

class BlockingPool {
 public:
  BlockingPool(int max_threads, size_t max_queued);
  ~BlockingPool();
  BlockingPool(const BlockingPool&) = delete;
  BlockingPool& operator=(const BlockingPool&) = delete;

  // Runs `task` on a pool thread soon; false (and `task` not run) when every thread is
  // busy and `max_queued` tasks already wait.
  bool Submit(std::function<void()> task);

  // Threads started so far (for tests).
  int threads() const;

 private:
  void Work();

  const int max_threads_;
  const size_t max_queued_;
  mutable absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  // Threads not running a task (idle, or started and not yet at their first task).
  int free_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dateline

#endif  // DATELINE_LIB_SERVER_BLOCKING_POOL_H_
