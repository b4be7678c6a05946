#include "lib/client/jsonl_prefetcher.h"

#include <algorithm>
#include <utility>

namespace dateline::client {

JsonlPrefetcher::JsonlPrefetcher(std::istream* in, size_t depth)
    : reader_(in), depth_(std::max<size_t>(depth, 1)), thread_([this] { Run(); }) {}

JsonlPrefetcher::~JsonlPrefetcher() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  thread_.join();
}

void JsonlPrefetcher::Run() {
  while (true) {
    JsonlLine line;
    const bool more = reader_.Next(&line);
    absl::MutexLock lock(&mu_);
    if (!more) {
      done_ = true;
      read_error_ = reader_.ReadError();
      return;
    }
    // Full: wait until the consumer has taken half, so that the two threads do not
    // wake each other for every line.
    if (ready_.size() >= depth_) {
      mu_.Await(absl::Condition(this, &JsonlPrefetcher::HalfEmptyOrStopped));
    }
    if (stop_) return;
    ready_.push_back(std::move(line));
  }
}

bool JsonlPrefetcher::Next(JsonlLine* out) {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(this, &JsonlPrefetcher::HasLineOrDone));
  if (ready_.empty()) return false;
  *out = std::move(ready_.front());
  ready_.pop_front();
  return true;
}

bool JsonlPrefetcher::ReadError() const {
  absl::MutexLock lock(&mu_);
  return read_error_;
}

}  // namespace dateline::client
