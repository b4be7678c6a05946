// EventStore: Dateline's data model over a KvStore: typed reads, typed scans and
// atomic writes of EventBatch changes. The key layout (keys.h, docs/storage.md) is
// internal to lib/store; nothing outside it sees a raw key.
#ifndef DATELINE_LIB_STORE_EVENT_STORE_H_
#define DATELINE_LIB_STORE_EVENT_STORE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "dateline/storage/v1/storage.pb.h"
#include "dateline/v1/ingest_service.pb.h"
#include "dateline/v1/resources.pb.h"
#include "lib/names/event_name.h"
#include "lib/store/event_batch.h"
#include "lib/store/kv_store.h"

namespace dateline {

// The store's format version (what InitFormat writes and CheckFormat expects).
absl::string_view StoreFormatVersion();

// The kind a revision is shown with: revision `n` of an event whose newest revision
// is `current` is CURRENT when n == current, FIRST when n == 1, else UPDATE.
v1::EventRevision::Kind RevisionKind(int64_t n, int64_t current);

// An inclusive range of days, YYYY-MM-DD each (start <= end).
struct DayRange {
  std::string start;
  std::string end;
};

// The two index families an event is tagged in.
enum class TagKind { kTopic, kEntity };

// Names indexed under one tag near a date (see EventStore::Neighbors), each as its
// name key "{date}/{slug}" (EventName::Key; ParseEventKey reads it back).
struct TagNeighbors {
  std::vector<std::string> from_date;  // ascending from the date (inclusive)
  std::vector<std::string> before;     // descending from just before the date
};

// Errors of every read: DATA_LOSS when a record does not parse or a row another row
// points at is missing (counted in data_loss_count()), and the KvStore's errors
// (INTERNAL for I/O, UNAVAILABLE once closed).
//
// Thread-safety: as the KvStore; all methods may be called concurrently.
// One state of the store: two reads that see the same StoreState see the same data.
struct StoreState {
  uint64_t generation = 0;
  uint64_t sequence = 0;
  bool operator==(const StoreState& o) const {
    return generation == o.generation && sequence == o.sequence;
  }
};

class EventStore {
 public:
  explicit EventStore(KvStore* kv) : kv_(kv) {}  // not owned

  // The store's current state (KvStore::Generation and LatestSequence).
  StoreState state() const { return {kv_->Generation(), kv_->LatestSequence()}; }

  // Writer side: records the layout version in an empty store; checks it otherwise.
  // Errors: FAILED_PRECONDITION when the store has another format version.
  absl::Status InitFormat();
  // Reader side: checks the version when present. Errors: FAILED_PRECONDITION.
  absl::Status CheckFormat() const;

  // Applies `batch` atomically (see KvStore::Write for `sync`). Errors:
  // FAILED_PRECONDITION on a read-only store, INTERNAL (I/O).
  absl::Status Write(const EventBatch& batch, bool sync);

  // The event `name` names, by its canonical name (one point read) or through an
  // alias (alias -> uid -> canonical name -> event); nullopt when no event has it.
  absl::StatusOr<std::optional<StoredEvent>> FindEvent(const EventName& name) const;

  // As FindEvent, but NOT_FOUND (naming `field` and the name) when unknown.
  absl::StatusOr<StoredEvent> GetEvent(const EventName& name, absl::string_view field) const;

  // As GetEvent, but only the served event (dateline.v1.Event), serialized, taken from
  // the row without parsing it (stored_event_bytes.h). Errors as GetEvent, except that
  // DATA_LOSS covers only the row's outer format and its event field (the other
  // fields are skipped unparsed; a malformed event field is refused where a parse
  // would have kept it as an unknown field).
  absl::StatusOr<std::string> GetEventBytes(const EventName& name, absl::string_view field) const;

  // FindEvent for many names at once, results in their order, with one MultiGet per
  // step (canonical names; then, for the rest, aliases; uids; the aliased events):
  // at most four store calls whatever the number of names. Errors as FindEvent.
  absl::StatusOr<std::vector<std::optional<StoredEvent>>> FindEvents(
      const std::vector<EventName>& names) const;

  // True when some event has (or had, if absorbed) uid `uid`.
  absl::StatusOr<bool> UidTaken(absl::string_view uid) const;

  // Revision `n` of event `uid`; nullopt when absent. Kinds are not set.
  absl::StatusOr<std::optional<v1::EventRevision>> GetRevision(absl::string_view uid,
                                                               int64_t n) const;

  // Calls fn for the revisions of `uid` newest first, starting below revision
  // `below` (0 = from the newest). fn returns false to stop. Kinds are not set.
  absl::Status ScanRevisionsNewestFirst(
      absl::string_view uid, int64_t below,
      const std::function<bool(v1::EventRevision)>& fn) const;

  // Every revision of `uid`, oldest first. Kinds are not set.
  absl::StatusOr<std::vector<v1::EventRevision>> LoadRevisions(absl::string_view uid) const;

  // Calls fn with the events whose date is in `days`, in (date, slug) order, starting
  // after the event whose key is `after` ("{date}/{slug}", empty = from the start).
  // fn returns false to stop. One sequential scan, no point reads.
  absl::Status ScanDays(const DayRange& days, absl::string_view after,
                        const std::function<bool(StoredEvent)>& fn) const;

  // As ScanDays, over the events tagged with topic `topic_key`; fn gets their
  // canonical names (FindEvent reads each event with one point read).
  absl::Status ScanTopicDays(absl::string_view topic_key, const DayRange& days,
                             absl::string_view after,
                             const std::function<bool(const EventName&)>& fn) const;

  // The events tagged `key` nearest to `date`: up to `per_side` index rows from
  // `date` on (ascending) and up to `per_side` before it (descending). An event
  // tagged with `key` on `date` itself is among from_date. Errors: DATA_LOSS for a
  // row whose name part is not "{date}/{slug}".
  absl::StatusOr<TagNeighbors> Neighbors(TagKind kind, absl::string_view key,
                                         absl::string_view date, int per_side) const;

  // The event an index row names, which must exist: DATA_LOSS (counted) when not.
  // `context` says which index, for the message.
  absl::StatusOr<StoredEvent> GetIndexed(const EventName& name,
                                         absl::string_view context) const;
  // GetIndexed for many names, in their order, with one MultiGet.
  absl::StatusOr<std::vector<StoredEvent>> GetIndexedMany(const std::vector<EventName>& names,
                                                          absl::string_view context) const;

  // The response recorded for `request_id`, or nullopt.
  absl::StatusOr<std::optional<v1::IngestEventResponse>> GetRequest(
      absl::string_view request_id) const;

  // Number of events stored.
  absl::StatusOr<int64_t> EventCount() const;

  // DATA_LOSS errors this store has returned (dangling rows, unparsable records).
  int64_t data_loss_count() const { return data_loss_.load(std::memory_order_relaxed); }

 private:
  // An event row as stored: its key and its serialized StoredEvent.
  struct EventRow {
    std::string key;
    std::string bytes;
  };
  // FindEvent's lookup without the parse.
  absl::StatusOr<std::optional<EventRow>> FindEventRow(const EventName& name) const;

  template <typename Proto>
  absl::StatusOr<std::optional<Proto>> GetProto(const std::string& key) const;
  // The event rows of `names` (canonical names only), parsed, with one MultiGet;
  // nullopt where a name has no row.
  absl::StatusOr<std::vector<std::optional<StoredEvent>>> ReadEventRows(
      const std::vector<EventName>& names) const;
  absl::Status DataLoss(std::string message) const;

  KvStore* kv_;
  mutable std::atomic<int64_t> data_loss_{0};
};

}  // namespace dateline

#endif  // DATELINE_LIB_STORE_EVENT_STORE_H_
