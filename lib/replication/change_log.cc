#include "lib/replication/change_log.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace dateline {

void ChangeLog::Reset(uint64_t sequence) {
  absl::MutexLock lock(&mu_);
  entries_.clear();
  floor_ = head_ = sequence;
}

void ChangeLog::Append(uint64_t sequence, std::vector<EventChange> changes) {
  absl::MutexLock lock(&mu_);
  for (EventChange& c : changes) entries_.push_back({sequence, std::move(c)});
  while (entries_.size() > capacity_) {
    floor_ = entries_.front().sequence;
    entries_.pop_front();
    // A batch's changes leave together, so that a resume token never splits one.
    while (!entries_.empty() && entries_.front().sequence == floor_) entries_.pop_front();
  }
  head_ = std::max(head_, sequence);
}

uint64_t ChangeLog::head() const {
  absl::MutexLock lock(&mu_);
  return head_;
}

absl::StatusOr<std::vector<ChangeLog::Entry>> ChangeLog::Read(uint64_t after, size_t max,
                                                             absl::Time deadline) const {
  absl::MutexLock lock(&mu_);
  if (after < floor_) {
    return absl::OutOfRangeError(absl::StrCat(
        "resume_token: changes after sequence ", after,
        " are no longer in this replica's watch window (it starts after ", floor_,
        "); start again from now"));
  }
  if (after > head_) {
    return absl::InvalidArgumentError(absl::StrCat("resume_token: sequence ", after,
                                                   " is ahead of this replica (at ",
                                                   head_, ")"));
  }
  auto has_new = [this, after]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !entries_.empty() && entries_.back().sequence > after;
  };
  mu_.AwaitWithDeadline(absl::Condition(&has_new), deadline);
  if (after < floor_) {
    return absl::OutOfRangeError(absl::StrCat(
        "resume_token: this watcher fell out of the replica's watch window (it starts "
        "after ", floor_, "); start again from now"));
  }
  std::vector<Entry> out;
  auto it = std::upper_bound(entries_.begin(), entries_.end(), after,
                             [](uint64_t s, const Entry& e) { return s < e.sequence; });
  for (; it != entries_.end() && out.size() < max; ++it) out.push_back(*it);
  return out;
}

}  // namespace dateline
