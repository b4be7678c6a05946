// Ingestor: turns validated submissions into store changes, applying the revision
// rules of docs/normalization.md. Three steps per item: read what the store holds
// (Lookup), decide (Decide in ingest_plan.h, pure), emit one EventBatch (ToBatch).
// The gRPC service only adapts requests to this class; bulk streams go through
// GroupCommitter (group_commit.h).
#ifndef DATELINE_SERVICES_INGEST_INGESTOR_H_
#define DATELINE_SERVICES_INGEST_INGESTOR_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "dateline/v1/ingest_service.pb.h"
#include "lib/common/clock.h"
#include "lib/common/sequence_notifier.h"
#include "lib/store/event_batch.h"
#include "lib/store/event_store.h"
#include "lib/store/kv_store.h"
#include "services/ingest/ingest_item.h"
#include "services/ingest/ingest_plan.h"

namespace dateline {

// Thread-safe. Writes are serialized (single writer); each item is one atomic batch.
class Ingestor {
 public:
  // `kv`, `clock` and `durable` are not owned and must outlive the Ingestor. When
  // given, `durable` is advanced to the store's sequence after every WAL sync (and at
  // construction): every write up to it is durable (replication streams only that).
  Ingestor(KvStore* kv, const Clock* clock, SequenceNotifier* durable = nullptr);

  // Validates a request: normalizes the event and checks request_id. Errors:
  // INVALID_ARGUMENT naming the field ("event.date", "request_id", ...).
  static absl::StatusOr<IngestItem> Prepare(const v1::IngestEventRequest& request);

  // Applies the items in order and makes them durable with one WAL sync before
  // returning. results[i] is item i's response or error; an error of one item does not
  // stop the others and writes nothing of that item. Only a failed sync fails the
  // whole call (nothing is acknowledged).
  //
  // Per item: a request_id seen before returns the earlier response; no stored event
  // with the name (or `revises` target) -> CREATED; content equal to the current
  // revision -> UNCHANGED; else UPDATED with a new revision, and a changed name makes
  // the old name an alias. A rename onto a name that another event has merges that
  // event into this one (one name, one event): its names become aliases and its
  // revisions follow this event's own. Errors: NOT_FOUND (unknown `revises`),
  // ALREADY_EXISTS (an archive page's earlier name belongs to another event), store
  // errors.
  absl::StatusOr<std::vector<absl::StatusOr<v1::IngestEventResponse>>> ApplyAll(
      std::vector<IngestItem> items);

  // ApplyAll of one item.
  absl::StatusOr<v1::IngestEventResponse> Apply(IngestItem item);

  // The store operations of `plan` for an item with `request_id`.
  static EventBatch ToBatch(const IngestPlan& plan, const std::string& request_id);

 private:
  absl::StatusOr<v1::IngestEventResponse> ApplyLocked(const IngestItem& item)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // What Decide needs to know of the store for `item`. Errors: NOT_FOUND (unknown
  // `revises`), INTERNAL (no free uid), store errors.
  absl::StatusOr<StoredState> Lookup(const IngestItem& item) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The store's event count, read once and then kept by this (the only) writer; a
  // failed write forgets it, so the next call reads the store again.
  absl::StatusOr<int64_t> EventCount() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<std::optional<StoredEvent>> FindTarget(const IngestItem& item) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  KvStore* const kv_;
  EventStore store_;
  const Clock* const clock_;
  SequenceNotifier* const durable_;
  absl::Mutex mu_;
  std::optional<int64_t> event_count_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dateline

#endif  // DATELINE_SERVICES_INGEST_INGESTOR_H_
