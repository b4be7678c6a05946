#include "lib/client/ingest_stream.h"

#include <algorithm>
#include <deque>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "lib/client/grpc_status.h"

namespace dateline::client {
namespace {

// State shared by the writer thread and the reading (calling) thread.
struct Shared {
  absl::Mutex mu;
  std::deque<int64_t> tags ABSL_GUARDED_BY(mu);  // tags of unanswered requests
  bool stop ABSL_GUARDED_BY(mu) = false;  // the stream ended; stop writing
  IngestStreamStats stats ABSL_GUARDED_BY(mu);
};

}  // namespace

absl::StatusOr<IngestStreamStats> RunIngestStream(
    dateline::v1::IngestService::StubInterface* stub,
    grpc::ClientContext* context, int window, const NextRequestFn& next,
    const ResponseFn& on_response) {
  using dateline::v1::IngestEventRequest;
  using dateline::v1::IngestEventResponse;
  window = std::max(window, 1);
  auto stream = stub->IngestEvents(context);
  Shared shared;

  std::thread writer([&] {
    IngestEventRequest request;
    int64_t tag = 0;
    for (;;) {
      request.Clear();
      if (!next(&request, &tag)) break;
      {
        absl::MutexLock lock(&shared.mu);
        auto room = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(shared.mu) {
          return shared.stop ||
                 static_cast<int64_t>(shared.tags.size()) < window;
        };
        shared.mu.Await(absl::Condition(&room));
        if (shared.stop) break;
        shared.tags.push_back(tag);
        ++shared.stats.sent;
        shared.stats.max_in_flight =
            std::max(shared.stats.max_in_flight,
                     static_cast<int64_t>(shared.tags.size()));
      }
      if (!stream->Write(request))
        break;  // the stream failed; Finish() says why
    }
    stream->WritesDone();
  });

  absl::Status protocol_error;
  IngestEventResponse response;
  while (stream->Read(&response)) {
    int64_t tag = 0;
    {
      absl::MutexLock lock(&shared.mu);
      const int64_t expected_index = shared.stats.received;
      if (shared.tags.empty()) {
        protocol_error = absl::InternalError(absl::StrCat(
            "server sent a response with no request pending (after ",
            expected_index, " responses)"));
      } else if (response.has_index() && response.index() != expected_index) {
        protocol_error = absl::InternalError(
            absl::StrCat("server sent response index ", response.index(),
                         ", expected ", expected_index));
      }
      if (!protocol_error.ok()) {
        shared.stop = true;
        break;
      }
      tag = shared.tags.front();
      shared.tags.pop_front();
      ++shared.stats.received;
    }
    on_response(tag, response);
  }
  if (!protocol_error.ok()) {
    context->TryCancel();
    while (stream->Read(&response)) {
    }
  }
  {
    absl::MutexLock lock(&shared.mu);
    shared.stop = true;  // releases a writer waiting for room
  }
  writer.join();
  const grpc::Status status = stream->Finish();
  if (!protocol_error.ok()) return protocol_error;
  if (!status.ok()) return FromGrpcStatus(status);
  absl::MutexLock lock(&shared.mu);
  if (shared.stats.received != shared.stats.sent) {
    return absl::InternalError(absl::StrCat(
        "server closed the stream after answering ", shared.stats.received,
        " of ", shared.stats.sent, " requests"));
  }
  return shared.stats;
}

}  // namespace dateline::client
