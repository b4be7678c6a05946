#include "services/query/store_follower.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "lib/common/log.h"

namespace dateline {

StoreFollower::StoreFollower(KvStore* kv, absl::Duration interval)
    : kv_(kv), interval_(interval), thread_([this] { Loop(); }) {}

StoreFollower::~StoreFollower() {
  stop_.Notify();
  thread_.join();
}

absl::Status StoreFollower::CatchUpOnce() {
  absl::WriterMutexLock lock(&view_mu_);
  return kv_->CatchUp();
}

void StoreFollower::Loop() {
  absl::Time last_error_log = absl::InfinitePast();
  while (!stop_.WaitForNotificationWithTimeout(interval_)) {
    absl::Status st = CatchUpOnce();
    if (!st.ok() && absl::Now() - last_error_log > absl::Seconds(30)) {
      LogError("catch-up with the writer failed: ", st.ToString());
      last_error_log = absl::Now();
    }
  }
}

absl::Status StoreFollower::WaitFor(uint64_t sequence, absl::Time deadline) {
  absl::Duration backoff = absl::Milliseconds(2);
  while (true) {
    if (kv_->LatestSequence() >= sequence) return absl::OkStatus();
    absl::Status st = CatchUpOnce();
    if (kv_->LatestSequence() >= sequence) return absl::OkStatus();
    if (absl::Now() + backoff > deadline) {
      return absl::UnavailableError(absl::StrCat(
          "consistency_token: the store has not caught up to the token's write by the "
          "deadline (at ",
          kv_->LatestSequence(), ", need ", sequence, ")",
          st.ok() ? "" : absl::StrCat("; last catch-up: ", st.ToString())));
    }
    absl::SleepFor(backoff);
    backoff = std::min(backoff * 2, absl::Milliseconds(50));
  }
}

}  // namespace dateline
