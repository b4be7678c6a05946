#include "services/ingest/group_commit.h"

#include <deque>
#include <thread>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace dateline {
namespace {

// Requests read from a stream and prepared (validated, normalized), not yet applied.
struct StreamQueue {
  explicit StreamQueue(size_t max) : max_queued(max) {}
  const size_t max_queued;
  absl::Mutex mu;
  std::deque<absl::StatusOr<IngestItem>> queue ABSL_GUARDED_BY(mu);
  bool reader_done ABSL_GUARDED_BY(mu) = false;
  bool abort ABSL_GUARDED_BY(mu) = false;
  bool HasRoom() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    return queue.size() < max_queued || abort;
  }
  bool HasWork() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    return !queue.empty() || reader_done;
  }
};

void SetItemError(const absl::Status& status, v1::IngestEventResponse* response) {
  response->mutable_error()->set_code(static_cast<int>(status.code()));
  response->mutable_error()->set_message(std::string(status.message()));
}

}  // namespace

absl::Status GroupCommitter::Run(const BulkStream& stream) const {
  StreamQueue q(options_.max_queued);
  // The reader also prepares each request, so that validation and normalization run
  // beside the applying thread (the single writer) instead of on it.
  std::thread reader([&] {
    v1::IngestEventRequest request;
    while (stream.read(&request)) {
      absl::StatusOr<IngestItem> item = prepare_(request);
      absl::MutexLock lock(&q.mu);
      q.mu.Await(absl::Condition(&q, &StreamQueue::HasRoom));
      if (q.abort) break;
      q.queue.push_back(std::move(item));
    }
    absl::MutexLock lock(&q.mu);
    q.reader_done = true;
  });

  absl::Status result;
  int64_t index = 0;
  while (true) {
    std::vector<absl::StatusOr<IngestItem>> group;
    {
      absl::MutexLock lock(&q.mu);
      q.mu.Await(absl::Condition(&q, &StreamQueue::HasWork));
      if (q.queue.empty()) break;  // reader done and everything answered
      while (!q.queue.empty() && group.size() < options_.max_group) {
        group.push_back(std::move(q.queue.front()));
        q.queue.pop_front();
      }
    }
    std::vector<v1::IngestEventResponse> responses(group.size());
    std::vector<IngestItem> items;
    std::vector<size_t> item_slot;
    for (size_t i = 0; i < group.size(); ++i) {
      responses[i].set_index(index + static_cast<int64_t>(i));
      if (!group[i].ok()) {
        SetItemError(group[i].status(), &responses[i]);
        continue;
      }
      items.push_back(*std::move(group[i]));
      item_slot.push_back(i);
    }
    if (!items.empty()) {
      auto applied = ingestor_->ApplyAll(std::move(items));
      if (!applied.ok()) {  // nothing of this group is durable: fail the stream
        result = applied.status();
        break;
      }
      for (size_t k = 0; k < applied->size(); ++k) {
        v1::IngestEventResponse& out = responses[item_slot[k]];
        if ((*applied)[k].ok()) {
          int64_t idx = out.index();
          out = *std::move((*applied)[k]);
          out.set_index(idx);
        } else {
          SetItemError((*applied)[k].status(), &out);
        }
      }
    }
    bool write_failed = false;
    for (const v1::IngestEventResponse& r : responses) {
      if (!stream.write(r)) {
        write_failed = true;
        break;
      }
    }
    index += static_cast<int64_t>(group.size());
    if (write_failed || stream.cancelled()) {
      result = absl::CancelledError("client went away");
      break;
    }
  }
  {
    absl::MutexLock lock(&q.mu);
    q.abort = true;
  }
  // On failure the reader may be blocked in read() on a client that keeps the stream
  // open: cancelling the call ends that read.
  if (!result.ok()) stream.cancel();
  reader.join();
  return result;
}

}  // namespace dateline
