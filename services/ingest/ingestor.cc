#include "services/ingest/ingestor.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "lib/common/status_macros.h"
#include "lib/common/utf8.h"
#include "lib/store/consistency_token.h"
#include "services/ingest/ingest_metrics.h"
#include "services/ingest/uid.h"

namespace dateline {
namespace {

constexpr size_t kMaxRequestIdBytes = 128;
constexpr int kMaxUidAttempts = 16;

EventName NameOf(const StoredEvent& e) { return EventName{e.event().date(), e.event().slug()}; }

}  // namespace

Ingestor::Ingestor(KvStore* kv, const Clock* clock, SequenceNotifier* durable)
    : kv_(kv), store_(kv), clock_(clock), durable_(durable) {
  if (durable_ != nullptr) durable_->Advance(kv_->LatestSequence());
}

absl::StatusOr<IngestItem> Ingestor::Prepare(const v1::IngestEventRequest& request) {
  if (!request.has_event()) {
    return absl::InvalidArgumentError("event: required");
  }
  if (request.request_id().size() > kMaxRequestIdBytes || !IsValidUtf8(request.request_id())) {
    return absl::InvalidArgumentError(absl::StrCat(
        "request_id: must be valid UTF-8 of at most ", kMaxRequestIdBytes, " bytes"));
  }
  IngestItem item;
  DL_ASSIGN_OR_RETURN(item.submission, NormalizeSubmission(request.event(), "event"));
  item.request_id = request.request_id();
  return item;
}

absl::StatusOr<std::optional<StoredEvent>> Ingestor::FindTarget(const IngestItem& item) const {
  const NormalizedSubmission& sub = item.submission;
  if (sub.revises.has_value()) {
    DL_ASSIGN_OR_RETURN(std::optional<StoredEvent> target, store_.FindEvent(*sub.revises));
    if (!target.has_value()) {
      return absl::NotFoundError(
          absl::StrCat("event.revises: no event named ", sub.revises->ToString()));
    }
    return target;
  }
  DL_ASSIGN_OR_RETURN(std::optional<StoredEvent> found, store_.FindEvent(sub.name));
  if (found.has_value() || !item.history.has_value()) return found;
  // An archive page may describe an event stored under one of its earlier names.
  for (const VersionHistory::Version& v : item.history->versions) {
    DL_ASSIGN_OR_RETURN(found, store_.FindEvent(v.name));
    if (found.has_value()) return found;
  }
  return found;
}

absl::StatusOr<int64_t> Ingestor::EventCount() {
  if (!event_count_.has_value()) {
    DL_ASSIGN_OR_RETURN(int64_t count, store_.EventCount());
    event_count_ = count;
  }
  return *event_count_;
}

absl::StatusOr<StoredState> Ingestor::Lookup(const IngestItem& item) {
  StoredState state;
  if (!item.request_id.empty()) {
    DL_ASSIGN_OR_RETURN(state.earlier, store_.GetRequest(item.request_id));
    if (state.earlier.has_value()) return state;
  }
  const NormalizedSubmission& sub = item.submission;
  DL_ASSIGN_OR_RETURN(state.current, FindTarget(item));
  for (const EventName& name : EarlierNames(item)) {
    NameOwner o{name, "", ""};
    DL_ASSIGN_OR_RETURN(std::optional<StoredEvent> owner, store_.FindEvent(name));
    if (owner.has_value()) {
      o.uid = owner->event().uid();
      o.owner_name = owner->event().name();
    }
    state.earlier_name_owners.push_back(std::move(o));
  }
  if (!state.current.has_value()) {
    EventName first = item.history.has_value() && !item.history->versions.empty()
                          ? item.history->versions.front().name
                          : sub.name;
    for (int attempt = 0; attempt < kMaxUidAttempts && state.free_uid.empty(); ++attempt) {
      std::string candidate = MakeUid(first.Key(), attempt);
      DL_ASSIGN_OR_RETURN(bool taken, store_.UidTaken(candidate));
      if (!taken) state.free_uid = candidate;
    }
    DL_ASSIGN_OR_RETURN(state.event_count, EventCount());
    return state;
  }
  const std::string& uid = state.current->event().uid();
  if (item.history.has_value()) {
    DL_ASSIGN_OR_RETURN(state.current_revisions, store_.LoadRevisions(uid));
  }
  if (NameOf(*state.current) != sub.name) {
    DL_ASSIGN_OR_RETURN(std::optional<StoredEvent> holder, store_.FindEvent(sub.name));
    if (holder.has_value() && holder->event().uid() != uid) {
      DL_ASSIGN_OR_RETURN(state.name_holder_revisions,
                          store_.LoadRevisions(holder->event().uid()));
      state.name_holder = std::move(holder);
      DL_ASSIGN_OR_RETURN(state.event_count, EventCount());
    }
  }
  return state;
}

EventBatch Ingestor::ToBatch(const IngestPlan& plan, const std::string& request_id) {
  EventBatch batch;
  if (plan.replay) return batch;
  if (plan.event.has_value()) {
    const StoredEvent& event = *plan.event;
    const std::string& uid = event.event().uid();
    const EventName name = NameOf(event);
    // Deletes first: a row deleted and put again (an index row that stays, a
    // revision a page history rewrites) ends up put.
    if (plan.absorbed.has_value()) {
      const StoredEvent& absorbed = *plan.absorbed;
      batch.DeleteEvent(NameOf(absorbed));
      batch.DeleteIndexRows(absorbed);
      for (int64_t n : plan.absorbed_revisions) {
        batch.DeleteRevision(absorbed.event().uid(), n);
      }
    }
    if (plan.replaced.has_value()) {
      if (NameOf(*plan.replaced) != name) batch.DeleteEvent(NameOf(*plan.replaced));
      batch.DeleteIndexRows(*plan.replaced);
    }
    if (plan.alias_removed.has_value()) batch.DeleteAlias(*plan.alias_removed);
    for (int64_t n : plan.revisions_removed) batch.DeleteRevision(uid, n);

    for (const EventName& alias : plan.aliases_added) batch.PutAlias(alias, uid);
    if (plan.absorbed.has_value()) batch.PutUidName(plan.absorbed->event().uid(), name);
    if (plan.write_uid) batch.PutUidName(uid, name);
    for (const v1::EventRevision& rev : plan.revisions_added) batch.PutRevision(uid, rev);
    batch.PutIndexRows(event);
    batch.PutEvent(event);
    if (plan.response.outcome() != v1::IngestEventResponse::UNCHANGED) {
      storage::v1::ChangeRecord change;
      change.set_name(event.event().name());
      change.set_revision(event.event().revision());
      if (!plan.replaced.has_value()) {
        change.set_kind(storage::v1::ChangeRecord::CREATED);
      } else if (NameOf(*plan.replaced) != name) {
        change.set_kind(storage::v1::ChangeRecord::RENAMED);
        change.set_old_name(plan.replaced->event().name());
      } else {
        change.set_kind(storage::v1::ChangeRecord::UPDATED);
      }
      if (plan.absorbed.has_value()) change.set_absorbed_name(plan.absorbed->event().name());
      batch.SetChange(change);
    }
  }
  if (plan.event_count.has_value()) batch.SetEventCount(*plan.event_count);
  if (!request_id.empty()) batch.PutRequest(request_id, plan.response);
  return batch;
}

absl::StatusOr<v1::IngestEventResponse> Ingestor::ApplyLocked(const IngestItem& item) {
  DL_ASSIGN_OR_RETURN(StoredState state, Lookup(item));
  DL_ASSIGN_OR_RETURN(IngestPlan plan, Decide(item, state, clock_->Now()));
  EventBatch batch = ToBatch(plan, item.request_id);
  if (!batch.empty()) {
    absl::Status written = store_.Write(batch, /*sync=*/false);
    if (!written.ok()) {
      event_count_.reset();
      return written;
    }
    if (plan.event_count.has_value()) event_count_ = *plan.event_count;
  }
  return std::move(plan.response);
}

absl::StatusOr<std::vector<absl::StatusOr<v1::IngestEventResponse>>> Ingestor::ApplyAll(
    std::vector<IngestItem> items) {
  std::vector<absl::StatusOr<v1::IngestEventResponse>> results;
  results.reserve(items.size());
  absl::MutexLock lock(&mu_);
  for (const IngestItem& item : items) results.push_back(ApplyLocked(item));
  // One sync makes every batch above durable before any is acknowledged.
  const absl::Time sync_start = absl::Now();
  absl::Status sync = kv_->SyncWal();
  ingest_metrics::ObserveWalSync(absl::ToDoubleSeconds(absl::Now() - sync_start));
  if (!sync.ok()) {
    event_count_.reset();
    return sync;
  }
  const uint64_t synced = kv_->LatestSequence();
  if (durable_ != nullptr) durable_->Advance(synced);
  std::string token = EncodeConsistencyToken(synced);
  for (auto& r : results) {
    if (r.ok()) r->set_consistency_token(token);
  }
  return results;
}

absl::StatusOr<v1::IngestEventResponse> Ingestor::Apply(IngestItem item) {
  std::vector<IngestItem> items;
  items.push_back(std::move(item));
  DL_ASSIGN_OR_RETURN(auto results, ApplyAll(std::move(items)));
  return std::move(results.front());
}

}  // namespace dateline
