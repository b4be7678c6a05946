// ConsistentView: how reads of a store that follows a writer (a RocksDB secondary, or
// a replica fed by replication) wait for a consistency token and see one state of the
// store for the length of a request.
#ifndef DATELINE_LIB_STORE_CONSISTENT_VIEW_H_
#define DATELINE_LIB_STORE_CONSISTENT_VIEW_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace dateline {

// Thread-safe.
class ConsistentView {
 public:
  virtual ~ConsistentView() = default;

  // OK once this store has every write up to writer sequence `sequence`; UNAVAILABLE
  // (retryable, naming the wait) if that has not happened by `deadline`. Call without
  // holding a Lock.
  virtual absl::Status WaitFor(uint64_t sequence, absl::Time deadline) = 0;

  // Held by a reader around one request's reads: the store does not change meanwhile.
  class Lock {
   public:
    explicit Lock(ConsistentView* view) : lock_(view->view_mutex()) {}

   private:
    absl::ReaderMutexLock lock_;
  };

 protected:
  // Readers hold it shared; whatever changes the store holds it exclusively.
  virtual absl::Mutex* view_mutex() = 0;
};

}  // namespace dateline

#endif  // DATELINE_LIB_STORE_CONSISTENT_VIEW_H_
