// EventBatch: one logical change of Dateline's data model, built with typed
// operations and applied atomically by EventStore::Write. The store owns the key
// layout (keys.h, internal to lib/store): callers say what changes, not which rows.
#ifndef DATELINE_LIB_STORE_EVENT_BATCH_H_
#define DATELINE_LIB_STORE_EVENT_BATCH_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "dateline/storage/v1/storage.pb.h"
#include "dateline/v1/ingest_service.pb.h"
#include "dateline/v1/resources.pb.h"
#include "lib/names/event_name.h"
#include "lib/store/kv_store.h"

namespace dateline {

using StoredEvent = storage::v1::StoredEvent;

// Operations apply in the order they are added (a later op on the same row wins).
// Not thread-safe; cheap to move.
class EventBatch {
 public:
  // The event row of `event` under its canonical name (event.event().date/slug).
  void PutEvent(const StoredEvent& event);
  // Removes the event row stored under `name` (a rename's old name, an absorbed event).
  void DeleteEvent(const EventName& name);

  // `name` becomes an alias of event `uid` / stops being an alias.
  void PutAlias(const EventName& name, absl::string_view uid);
  void DeleteAlias(const EventName& name);

  // Event `uid` is now called `name` (how aliases reach the event row).
  void PutUidName(absl::string_view uid, const EventName& name);

  // Revision rev.revision() of event `uid` / removes revision `n` of event `uid`.
  void PutRevision(absl::string_view uid, const v1::EventRevision& rev);
  void DeleteRevision(absl::string_view uid, int64_t n);

  // The topic and entity index rows of `event` (its topic_keys and entity_keys, under
  // its canonical name).
  void PutIndexRows(const StoredEvent& event);
  void DeleteIndexRows(const StoredEvent& event);

  // Sets the number of events stored.
  void SetEventCount(int64_t count);

  // Records the response given to `request_id` (idempotency).
  void PutRequest(absl::string_view request_id, const v1::IngestEventResponse& response);

  // Records what this batch changed, for replicas and watchers (WAL only: no row).
  void SetChange(const storage::v1::ChangeRecord& change);

  bool empty() const { return kv_.empty(); }

 private:
  friend class EventStore;
  KvBatch kv_;
};

}  // namespace dateline

#endif  // DATELINE_LIB_STORE_EVENT_BATCH_H_
