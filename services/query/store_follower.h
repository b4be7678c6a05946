// StoreFollower: keeps a secondary store caught up with its writer, periodically and
// on demand, and gives readers a consistent view between catch-ups.
#ifndef DATELINE_SERVICES_QUERY_STORE_FOLLOWER_H_
#define DATELINE_SERVICES_QUERY_STORE_FOLLOWER_H_

#include <cstdint>
#include <thread>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "lib/store/consistent_view.h"
#include "lib/store/kv_store.h"

namespace dateline {

class StoreFollower : public ConsistentView {
 public:
  // Catches `kv` up every `interval` on a background thread until destroyed.
  StoreFollower(KvStore* kv, absl::Duration interval);
  ~StoreFollower() override;

  // Returns OK once the store has caught up to `sequence`, catching up on demand;
  // UNAVAILABLE (retryable) if that has not happened by `deadline`. Call without
  // holding a ConsistentView::Lock.
  absl::Status WaitFor(uint64_t sequence, absl::Time deadline) override;

 protected:
  absl::Mutex* view_mutex() override { return &view_mu_; }

 private:
  absl::Status CatchUpOnce();
  void Loop();

  KvStore* const kv_;
  const absl::Duration interval_;
  absl::Mutex view_mu_;
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace dateline

#endif  // DATELINE_SERVICES_QUERY_STORE_FOLLOWER_H_
