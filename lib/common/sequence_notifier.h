// SequenceNotifier: a sequence number that only grows, with waiting for it to grow.
// The ingest publishes its durable sequence with it (replication streams wait on it);
// a replica publishes what it has applied (consistency-token reads wait on it).
#ifndef DATELINE_LIB_COMMON_SEQUENCE_NOTIFIER_H_
#define DATELINE_LIB_COMMON_SEQUENCE_NOTIFIER_H_

#include <cstdint>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace dateline {

// Thread-safe.
class SequenceNotifier {
 public:
  explicit SequenceNotifier(uint64_t initial = 0) : value_(initial) {}

  // Raises the value to `sequence` (a lower one is ignored) and wakes waiters.
  void Advance(uint64_t sequence) {
    absl::MutexLock lock(&mu_);
    if (sequence > value_) value_ = sequence;
  }
  uint64_t Get() const {
    absl::MutexLock lock(&mu_);
    return value_;
  }
  // Waits until the value is at least `sequence` or `deadline` passes; returns the
  // value then.
  uint64_t WaitAtLeast(uint64_t sequence, absl::Time deadline) const {
    absl::MutexLock lock(&mu_);
    auto reached = [this, sequence]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return value_ >= sequence;
    };
    mu_.AwaitWithDeadline(absl::Condition(&reached), deadline);
    return value_;
  }

 private:
  mutable absl::Mutex mu_;
  uint64_t value_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dateline

#endif  // DATELINE_LIB_COMMON_SEQUENCE_NOTIFIER_H_
