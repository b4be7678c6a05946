// Ingestor: turns normalized submissions into store changes, applying the revision
// rules of API.md. The gRPC service only adapts requests to this class.
#ifndef DATELINE_SERVICES_INGEST_INGESTOR_H_
#define DATELINE_SERVICES_INGEST_INGESTOR_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "dateline/v1/ingest_service.pb.h"
#include "lib/common/clock.h"
#include "lib/normalize/submission.h"
#include "lib/store/event_store.h"
#include "lib/store/kv_store.h"

namespace dateline {

// Earlier versions of an event as an archive page lists them (oldest first; the last
// entry is the current version and matches the submission).
struct VersionHistory {
  struct Version {
    std::string headline;
    EventName name;                  // the slug (and date) the version had
    std::optional<absl::Time> time;  // absent for the current version
  };
  std::vector<Version> versions;
};

// What to ingest: a normalized submission, optionally with the history an archive
// page gives, and an idempotency key.
struct IngestItem {
  NormalizedSubmission submission;
  std::optional<VersionHistory> history;
  // True for archive pages: fields the page format cannot carry (category, topics,
  // entities) are kept from the stored event instead of being cleared.
  bool from_page = false;
  // Page layout details to store with the event (archive pages only).
  std::optional<storage::v1::PageExtras> page_extras;
  std::string request_id;
};

// Thread-safe. Writes are serialized (single writer); each item is one atomic batch.
class Ingestor {
 public:
  // `kv` and `clock` are not owned and must outlive the Ingestor.
  Ingestor(KvStore* kv, const Clock* clock);

  // Validates a request: normalizes the event and checks request_id. Errors:
  // INVALID_ARGUMENT naming the field ("event.date", "request_id", ...).
  static absl::StatusOr<IngestItem> Prepare(const v1::IngestEventRequest& request);

  // Applies the items in order and makes them durable with one WAL sync before
  // returning. results[i] is item i's response or error; an error of one item does not
  // stop the others. Only a failed sync fails the whole call (nothing is acknowledged).
  //
  // Per item: a request_id seen before returns the earlier response; no stored event
  // with the name (or `revises` target) -> CREATED; content equal to the current
  // revision -> UNCHANGED; else UPDATED with a new revision, and a changed name makes
  // the old name an alias. A rename onto a name that another event has merges that
  // event into this one (one name, one event): its names become aliases. Errors:
  // NOT_FOUND (unknown `revises`), ALREADY_EXISTS (an archive page's earlier name
  // belongs to another event), store errors.
  absl::StatusOr<std::vector<absl::StatusOr<v1::IngestEventResponse>>> ApplyAll(
      std::vector<IngestItem> items);

  // ApplyAll of one item.
  absl::StatusOr<v1::IngestEventResponse> Apply(IngestItem item);

 private:
  absl::StatusOr<v1::IngestEventResponse> ApplyLocked(const IngestItem& item)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The stored revisions of `uid`, oldest first.
  absl::StatusOr<std::vector<v1::EventRevision>> LoadRevisions(const std::string& uid) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Merges `absorbed` into the event `uid` being renamed to `new_name`: its rows go,
  // its names become aliases of `e`, its uid resolves to `new_name`.
  absl::Status AbsorbEvent(const StoredEvent& absorbed, const std::string& uid,
                           const EventName& new_name, v1::Event* e, KvBatch* batch)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::StatusOr<std::optional<StoredEvent>> FindTarget(const IngestItem& item) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  KvStore* const kv_;
  EventStore store_;
  const Clock* const clock_;
  absl::Mutex mu_;
};

}  // namespace dateline

#endif  // DATELINE_SERVICES_INGEST_INGESTOR_H_
