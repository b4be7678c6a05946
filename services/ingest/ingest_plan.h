// The ingest's decision step: given what the store holds (StoredState) and a
// submission (IngestItem), what changes (IngestPlan). Pure: no store, no clock, so
// every revision rule (docs/normalization.md) is unit-testable on its own. The
// Ingestor reads the state, calls Decide, and turns the plan into one EventBatch.
#ifndef DATELINE_SERVICES_INGEST_INGEST_PLAN_H_
#define DATELINE_SERVICES_INGEST_INGEST_PLAN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "dateline/v1/ingest_service.pb.h"
#include "lib/store/event_batch.h"
#include "services/ingest/ingest_item.h"

namespace dateline {

// Who holds a name: the uid and canonical name of the event it resolves to; both
// empty when no event has the name.
struct NameOwner {
  EventName name;
  std::string uid;
  std::string owner_name;
};

// What Decide needs to know of the store for one item.
struct StoredState {
  // The response recorded for the item's request_id, when it was seen before.
  std::optional<v1::IngestEventResponse> earlier;
  // The event the submission is about: its `revises` target, else the event its name
  // (or, for a page, one of its earlier names) resolves to; absent: a new event.
  std::optional<StoredEvent> current;
  // current's revisions, oldest first; read only when the item has a history.
  std::vector<v1::EventRevision> current_revisions;
  // Owners of EarlierNames(item), in that order.
  std::vector<NameOwner> earlier_name_owners;
  // When current is renamed onto a name that another event holds: that event (it is
  // merged into current) and its revisions, oldest first.
  std::optional<StoredEvent> name_holder;
  std::vector<v1::EventRevision> name_holder_revisions;
  // An unused uid for a new event (set when current is absent).
  std::string free_uid;
  // Events stored (read when an event is created or merged).
  int64_t event_count = 0;
};

// The earlier names an archive page's history gives: distinct, oldest first, without
// the submission's own name. Empty without a history.
std::vector<EventName> EarlierNames(const IngestItem& item);

// The change one item makes. Rows are named by what they mean; the Ingestor's emit
// step (Ingestor::ToBatch) turns them into store operations.
struct IngestPlan {
  // The answer (outcome, name, revision; the consistency token is added later).
  v1::IngestEventResponse response;
  // True when `response` is an earlier answer to the same request_id: write nothing.
  bool replay = false;
  // The event row to write; absent when the event does not change (UNCHANGED).
  std::optional<StoredEvent> event;
  // The stored state `event` replaces: its index rows go, and its event row when the
  // event is renamed. Absent for a new event.
  std::optional<StoredEvent> replaced;
  // True when the event's uid row must name `event` (new or renamed event).
  bool write_uid = false;
  // Names that become aliases of `event`, and the one that stops being one (the new
  // canonical name of a renamed event).
  std::vector<EventName> aliases_added;
  std::optional<EventName> alias_removed;
  // An event merged into `event` (a rename onto its name): its event and index rows
  // go, its names are among aliases_added, its uid names `event`, and its revisions
  // (numbers in absorbed_revisions) move into `event`'s history.
  std::optional<StoredEvent> absorbed;
  std::vector<int64_t> absorbed_revisions;
  // Revisions of `event` to remove (a page history replacing the stored one) and to
  // write.
  std::vector<int64_t> revisions_removed;
  std::vector<v1::EventRevision> revisions_added;
  // The new event count, when it changes.
  std::optional<int64_t> event_count;
};

// Applies the revision rules (docs/normalization.md) to `item` against `state`, at
// time `now`. Errors: ALREADY_EXISTS when an archive page's earlier name belongs to
// another event (naming the field and both events); INTERNAL when a new event has no
// uid (state.free_uid empty).
absl::StatusOr<IngestPlan> Decide(const IngestItem& item, const StoredState& state,
                                  absl::Time now);

}  // namespace dateline

#endif  // DATELINE_SERVICES_INGEST_INGEST_PLAN_H_
