#include "lib/server/blocking_pool.h"

#include <utility>

namespace dateline {

BlockingPool::BlockingPool(int max_threads, size_t max_queued)
    : max_threads_(max_threads < 1 ? 1 : max_threads), max_queued_(max_queued) {}

BlockingPool::~BlockingPool() {
  std::vector<std::thread> threads;
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    threads.swap(threads_);
  }
  for (std::thread& t : threads) t.join();
}

bool BlockingPool::Submit(std::function<void()> task) {
  absl::MutexLock lock(&mu_);
  if (stopping_) return false;
  // Tasks already queued take the idle threads first.
  const bool need_thread = queue_.size() >= static_cast<size_t>(idle_);
  if (need_thread && static_cast<int>(threads_.size()) >= max_threads_ &&
      queue_.size() - idle_ >= max_queued_) {
    return false;
  }
  queue_.push_back(std::move(task));
  if (need_thread && static_cast<int>(threads_.size()) < max_threads_) {
    threads_.emplace_back([this] { Work(); });
  }
  return true;
}

int BlockingPool::threads() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(threads_.size());
}

void BlockingPool::Work() {
  absl::MutexLock lock(&mu_);
  while (true) {
    ++idle_;
    mu_.Await(absl::Condition(
        +[](BlockingPool* p) ABSL_EXCLUSIVE_LOCKS_REQUIRED(p->mu_) {
          return p->stopping_ || !p->queue_.empty();
        },
        this));
    --idle_;
    if (queue_.empty()) return;  // stopping, nothing left
    std::function<void()> task = std::move(queue_.front());
    queue_.pop_front();
    mu_.Unlock();
    task();
    mu_.Lock();
  }
}

}  // namespace dateline
