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
  const size_t waiting = queue_.size();  // tasks no thread has taken yet
  if (waiting >= static_cast<size_t>(free_)) {  // no free thread left for this one
    if (static_cast<int>(threads_.size()) < max_threads_) {
      ++free_;  // the new thread, free until it takes a task
      threads_.emplace_back([this] { Work(); });
    } else if (waiting - free_ >= max_queued_) {
      return false;
    }
  }
  queue_.push_back(std::move(task));
  return true;
}

int BlockingPool::threads() const {
  absl::MutexLock lock(&mu_);
  return static_cast<int>(threads_.size());
}

void BlockingPool::Work() {
  absl::MutexLock lock(&mu_);
  while (true) {
    mu_.Await(absl::Condition(
        +[](BlockingPool* p) ABSL_EXCLUSIVE_LOCKS_REQUIRED(p->mu_) {
          return p->stopping_ || !p->queue_.empty();
        },
        this));
    if (queue_.empty()) return;  // stopping, nothing left
    std::function<void()> task = std::move(queue_.front());
    queue_.pop_front();
    --free_;
    mu_.Unlock();
    task();
    mu_.Lock();
    ++free_;
  }
}

}  // namespace dateline
