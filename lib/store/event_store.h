// EventStore: Dateline's data model (keys.h) read over a KvStore. The ingest builds
// its writes with the same keys (services/ingest/event_writer.h).
#ifndef DATELINE_LIB_STORE_EVENT_STORE_H_
#define DATELINE_LIB_STORE_EVENT_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "dateline/storage/v1/storage.pb.h"
#include "dateline/v1/ingest_service.pb.h"
#include "dateline/v1/resources.pb.h"
#include "lib/names/event_name.h"
#include "lib/store/kv_store.h"

namespace dateline {

using StoredEvent = storage::v1::StoredEvent;

// The kind a revision is shown with: the newest is CURRENT, revision 1 (when not the
// newest) is FIRST, the others UPDATE.
v1::EventRevision::Kind RevisionKind(int64_t n, int64_t current);

// Thread-safety: as the KvStore (all methods const and concurrent-safe).
class EventStore {
 public:
  explicit EventStore(KvStore* kv) : kv_(kv) {}  // not owned

  // Writer side: records the layout version in an empty store; checks it otherwise.
  // Errors: FAILED_PRECONDITION when the store has another format version.
  absl::Status InitFormat();
  // Reader side: checks the version when present. Errors: FAILED_PRECONDITION.
  absl::Status CheckFormat() const;

  // The canonical name of the event `name` names (itself, or through an alias);
  // nullopt when no event has that name.
  absl::StatusOr<std::optional<EventName>> Resolve(const EventName& name) const;

  // The event `name` (or alias) names; nullopt when unknown.
  absl::StatusOr<std::optional<StoredEvent>> FindEvent(const EventName& name) const;

  // As FindEvent, but NOT_FOUND (naming `field` and the name) when unknown.
  absl::StatusOr<StoredEvent> GetEvent(const EventName& name, absl::string_view field) const;

  // Revision `n` of event `uid`; nullopt when absent. The kind is set from `current`.
  absl::StatusOr<std::optional<v1::EventRevision>> GetRevision(absl::string_view uid,
                                                               int64_t n) const;

  // Calls fn for the revisions of `uid` newest first, starting below revision
  // `below` (0 = from the newest). fn returns false to stop. Kinds are not set.
  absl::Status ScanRevisionsNewestFirst(
      absl::string_view uid, int64_t below,
      const std::function<bool(v1::EventRevision)>& fn) const;

  // The response recorded for `request_id`, or nullopt.
  absl::StatusOr<std::optional<v1::IngestEventResponse>> GetRequest(
      absl::string_view request_id) const;

  // Number of events stored.
  absl::StatusOr<int64_t> EventCount() const;

  KvStore* kv() const { return kv_; }

 private:
  template <typename Proto>
  absl::StatusOr<std::optional<Proto>> GetProto(const std::string& key) const;

  KvStore* kv_;
};

}  // namespace dateline

#endif  // DATELINE_LIB_STORE_EVENT_STORE_H_
