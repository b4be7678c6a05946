// Time source seam: production code asks a Clock, tests inject a fixed one.
#ifndef DATELINE_LIB_COMMON_CLOCK_H_
#define DATELINE_LIB_COMMON_CLOCK_H_

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace dateline {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
  // The process-wide real clock. Never null; never destroyed.
  static const Clock* Real();
};

// A clock that returns a settable time. Not thread-safe for concurrent Set/Now.
class FakeClock : public Clock {
 public:
  explicit FakeClock(absl::Time t) : now_(t) {}
  absl::Time Now() const override { return now_; }
  void Set(absl::Time t) { now_ = t; }
  void Advance(absl::Duration d) { now_ += d; }

 private:
  absl::Time now_;
};

}  // namespace dateline

#endif  // DATELINE_LIB_COMMON_CLOCK_H_
