// GroupCommitter: the bulk-ingest loop beside Ingestor::ApplyAll. Requests arrive on
// a reader thread, which prepares them (PrepareFn) into a bounded queue; the calling
// thread (the writer) takes everything queued (up to a group's size), applies it with
// one WAL sync (Ingestor::ApplyAll), and writes the responses in request order.
// Transport-free: the gRPC adapter passes its stream's read/write as functions.
#ifndef DATELINE_SERVICES_INGEST_GROUP_COMMIT_H_
#define DATELINE_SERVICES_INGEST_GROUP_COMMIT_H_

#include <cstddef>
#include <functional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "dateline/v1/ingest_service.pb.h"
#include "services/ingest/ingestor.h"

namespace dateline {

// One bulk stream as the transport gives it.
struct BulkStream {
  // Reads the next request; false at the end of the stream (or when it failed).
  std::function<bool(v1::IngestEventRequest*)> read;
  // Writes one response; false when the client has gone away.
  std::function<bool(const v1::IngestEventResponse&)> write;
  // True once the call is cancelled.
  std::function<bool()> cancelled;
  // Cancels the call, so that a read blocked on a client that keeps the stream open
  // returns false.
  std::function<void()> cancel;
};

struct GroupCommitOptions {
  size_t max_queued = 1024;  // requests buffered before the reader waits (flow control)
  size_t max_group = 512;    // requests applied under one WAL sync
};

class GroupCommitter {
 public:
  // Validates one request into an item (size limit, normalization); its error becomes
  // that request's response error. Runs on the reader thread, beside the writer:
  // it must not touch the store.
  using PrepareFn = std::function<absl::StatusOr<IngestItem>(const v1::IngestEventRequest&)>;

  // `ingestor` is not owned and must outlive this object.
  GroupCommitter(Ingestor* ingestor, PrepareFn prepare, GroupCommitOptions options = {})
      : ingestor_(ingestor), prepare_(std::move(prepare)), options_(options) {}

  // Runs one stream to its end: one response per request, in request order, with
  // `index` set; a request's own error goes in its response and does not stop the
  // stream. Every response is written only after its group is durable. Returns OK at
  // the end of the input; CANCELLED when the client went away (nothing after that
  // is acknowledged); the store's error when a group could not be made durable
  // (nothing of that group is acknowledged). On error the call is cancelled before
  // returning.
  absl::Status Run(const BulkStream& stream) const;

 private:
  Ingestor* const ingestor_;
  const PrepareFn prepare_;
  const GroupCommitOptions options_;
};

}  // namespace dateline

#endif  // DATELINE_SERVICES_INGEST_GROUP_COMMIT_H_
