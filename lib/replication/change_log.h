// ChangeLog: the recent event changes a replica has applied, for WatchEvents. A
// bounded window (the newest `capacity` changes): watchers read it by position, so a
// slow watcher costs no memory; one that falls out of the window is told so.
#ifndef DATELINE_LIB_REPLICATION_CHANGE_LOG_H_
#define DATELINE_LIB_REPLICATION_CHANGE_LOG_H_

#include <cstdint>
#include <deque>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "lib/store/wal_changes.h"

namespace dateline {

// Thread-safe.
class ChangeLog {
 public:
  struct Entry {
    uint64_t sequence;  // the writer sequence of the batch that made the change
    EventChange change;
  };

  explicit ChangeLog(size_t capacity) : capacity_(capacity) {}

  // Forgets everything: the window starts empty after writer sequence `sequence` (at
  // start-up, after a bootstrap).
  void Reset(uint64_t sequence);

  // The batch ending at writer sequence `sequence` was applied, with `changes`.
  void Append(uint64_t sequence, std::vector<EventChange> changes);

  // The newest sequence applied (where a watch "from now" starts).
  uint64_t head() const;

  // Up to `max` changes made after writer sequence `after`, oldest first, waiting up
  // to `deadline` for one when there is none yet (then empty). Errors: OUT_OF_RANGE
  // when changes after `after` have left the window (or predate this replica's
  // window); INVALID_ARGUMENT when `after` is ahead of what this replica applied.
  absl::StatusOr<std::vector<Entry>> Read(uint64_t after, size_t max,
                                          absl::Time deadline) const;

 private:
  const size_t capacity_;
  mutable absl::Mutex mu_;
  std::deque<Entry> entries_ ABSL_GUARDED_BY(mu_);
  // Changes after floor_ are all in entries_ (the window's start).
  uint64_t floor_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t head_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace dateline

#endif  // DATELINE_LIB_REPLICATION_CHANGE_LOG_H_
