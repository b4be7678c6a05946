#include "services/ingest/ingestor.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/protobuf/util/time_util.h"
#include "lib/common/status_macros.h"
#include "lib/common/utf8.h"
#include "lib/store/consistency_token.h"
#include "lib/store/keys.h"
#include "services/ingest/uid.h"

namespace dateline {
namespace {

constexpr size_t kMaxRequestIdBytes = 128;
constexpr int kMaxUidAttempts = 16;

google::protobuf::Timestamp ToProto(absl::Time t) {
  return google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(t));
}

// The content fields of an event (what revisions are compared on).
v1::Event ContentOf(const v1::Event& e) {
  v1::Event c;
  c.set_headline(e.headline());
  if (e.has_summary()) c.set_summary(e.summary());
  if (e.has_category()) c.set_category(e.category());
  *c.mutable_topics() = e.topics();
  *c.mutable_sources() = e.sources();
  *c.mutable_entities() = e.entities();
  *c.mutable_related() = e.related();
  return c;
}

bool SameContent(const v1::Event& a, const v1::Event& b) {
  return google::protobuf::util::MessageDifferencer::Equals(ContentOf(a), ContentOf(b));
}

v1::EventRevision MakeRevision(int64_t n, const std::string& headline,
                               const EventName& name, absl::Time observed) {
  v1::EventRevision rev;
  rev.set_revision(n);
  rev.set_headline(headline);
  rev.set_slug(name.slug);
  rev.set_date(name.date);
  *rev.mutable_observe_time() = ToProto(observed);
  return rev;
}

void PutIndexRows(const StoredEvent& se, const EventName& name, KvBatch* batch) {
  for (const std::string& k : se.topic_keys()) batch->Put(keys::Topic(k, name), "");
  for (const std::string& k : se.entity_keys()) batch->Put(keys::Entity(k, name), "");
}

void DeleteIndexRows(const StoredEvent& se, const EventName& name, KvBatch* batch) {
  for (const std::string& k : se.topic_keys()) batch->Delete(keys::Topic(k, name));
  for (const std::string& k : se.entity_keys()) batch->Delete(keys::Entity(k, name));
}

// True when the stored revisions, with consecutive ones of the same headline and name
// taken as one version, are the versions `history` lists.
bool SameVersions(const std::vector<v1::EventRevision>& revisions,
                  const VersionHistory& history) {
  std::vector<std::pair<std::string, EventName>> versions;
  for (const v1::EventRevision& r : revisions) {
    std::pair<std::string, EventName> v{r.headline(), EventName{r.date(), r.slug()}};
    if (versions.empty() || versions.back() != v) versions.push_back(std::move(v));
  }
  if (versions.size() != history.versions.size()) return false;
  for (size_t i = 0; i < versions.size(); ++i) {
    if (versions[i].first != history.versions[i].headline ||
        versions[i].second != history.versions[i].name) {
      return false;
    }
  }
  return true;
}

// Field a name conflict is reported on.
std::string NameField(const IngestItem& item) {
  return item.history.has_value() ? "path" : "event.headline";
}

}  // namespace

absl::StatusOr<std::vector<v1::EventRevision>> Ingestor::LoadRevisions(
    const std::string& uid) const {
  std::vector<v1::EventRevision> out;
  DL_RETURN_IF_ERROR(store_.ScanRevisionsNewestFirst(uid, 0, [&](v1::EventRevision r) {
    out.push_back(std::move(r));
    return true;
  }));
  std::reverse(out.begin(), out.end());
  return out;
}

absl::Status Ingestor::AbsorbEvent(const StoredEvent& absorbed, const std::string& uid,
                                  const EventName& new_name, v1::Event* e, KvBatch* batch) {
  const v1::Event& other = absorbed.event();
  EventName other_name{other.date(), other.slug()};
  batch->Delete(keys::Event(other_name));
  DeleteIndexRows(absorbed, other_name, batch);
  std::vector<std::string> names(other.aliases().begin(), other.aliases().end());
  names.push_back(other_name.ToString());
  for (const std::string& n : names) {
    if (n == new_name.ToString()) continue;
    DL_ASSIGN_OR_RETURN(EventName parsed, ParseEventName(n, "alias"));
    batch->Put(keys::Alias(parsed), uid);
    e->add_aliases(n);
  }
  // Its uid now names the absorbing event; its own revisions go.
  batch->Put(keys::Uid(other.uid()), new_name.Key());
  std::string prefix = keys::RevisionPrefix(other.uid());
  return kv_->Scan(prefix, prefix + "\xff", false,
                   [&](absl::string_view key, absl::string_view) {
                     batch->Delete(std::string(key));
                     return true;
                   });
}

Ingestor::Ingestor(KvStore* kv, const Clock* clock) : kv_(kv), store_(kv), clock_(clock) {}

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

absl::StatusOr<v1::IngestEventResponse> Ingestor::ApplyLocked(const IngestItem& item) {
  if (!item.request_id.empty()) {
    DL_ASSIGN_OR_RETURN(std::optional<v1::IngestEventResponse> earlier,
                        store_.GetRequest(item.request_id));
    if (earlier.has_value()) return *earlier;
  }
  const NormalizedSubmission& sub = item.submission;
  const absl::Time now = clock_->Now();
  const absl::Time observed = sub.observe_time.value_or(now);
  DL_ASSIGN_OR_RETURN(std::optional<StoredEvent> current, FindTarget(item));

  // Earlier names the history gives (distinct, oldest first, without the new name).
  std::vector<EventName> history_names;
  if (item.history.has_value()) {
    for (const VersionHistory::Version& v : item.history->versions) {
      if (v.name == sub.name) continue;
      bool dup = false;
      for (const EventName& n : history_names) dup = dup || n == v.name;
      if (!dup) history_names.push_back(v.name);
    }
  }

  KvBatch batch;
  v1::IngestEventResponse response;
  StoredEvent next;
  v1::Event& e = *next.mutable_event();
  e = sub.content;
  e.set_name(sub.name.ToString());
  e.set_date(sub.name.date);
  e.set_slug(sub.name.slug);
  *e.mutable_update_time() = ToProto(now);
  for (const std::string& k : sub.topic_keys) next.add_topic_keys(k);
  for (const std::string& k : sub.entity_keys) next.add_entity_keys(k);
  if (item.page_extras.has_value()) {
    *next.mutable_page() = *item.page_extras;
  } else if (current.has_value() && current->has_page()) {
    *next.mutable_page() = current->page();
  }

  // Adds alias rows for `names` that are not yet names of this event; a name that
  // belongs to another event is refused.
  auto add_aliases = [&](const std::vector<EventName>& names,
                         const std::string& uid) -> absl::Status {
    for (const EventName& n : names) {
      DL_ASSIGN_OR_RETURN(std::optional<StoredEvent> owner, store_.FindEvent(n));
      if (owner.has_value()) {
        if (owner->event().uid() != uid) {
          return absl::AlreadyExistsError(absl::StrCat(
              NameField(item), ": earlier name ", n.ToString(), " belongs to event ",
              owner->event().name()));
        }
        continue;  // already an alias, or the current name (see the rename below)
      }
      e.add_aliases(n.ToString());
      batch.Put(keys::Alias(n), uid);
    }
    return absl::OkStatus();
  };

  if (!current.has_value()) {
    EventName first = item.history.has_value() && !item.history->versions.empty()
                          ? item.history->versions.front().name
                          : sub.name;
    std::string uid;
    for (int attempt = 0; attempt < kMaxUidAttempts && uid.empty(); ++attempt) {
      std::string candidate = MakeUid(first.Key(), attempt);
      DL_ASSIGN_OR_RETURN(std::optional<std::string> taken, kv_->Get(keys::Uid(candidate)));
      if (!taken.has_value()) uid = candidate;
    }
    if (uid.empty()) return absl::InternalError("could not allocate an event uid");
    e.set_uid(uid);
    *e.mutable_create_time() = ToProto(now);
    DL_RETURN_IF_ERROR(add_aliases(history_names, uid));

    int64_t n = 0;
    if (item.history.has_value()) {
      const auto& versions = item.history->versions;
      for (size_t i = 0; i + 1 < versions.size(); ++i) {
        const auto& v = versions[i];
        v1::EventRevision rev = MakeRevision(++n, v.headline, v.name, v.time.value_or(observed));
        batch.Put(keys::Revision(uid, n), rev.SerializeAsString());
      }
    }
    ++n;
    e.set_revision(n);
    v1::EventRevision rev = MakeRevision(n, e.headline(), sub.name, observed);
    *rev.mutable_snapshot() = e;
    batch.Put(keys::Revision(uid, n), rev.SerializeAsString());
    batch.Put(keys::Event(sub.name), next.SerializeAsString());
    batch.Put(keys::Uid(uid), sub.name.Key());
    PutIndexRows(next, sub.name, &batch);
    DL_ASSIGN_OR_RETURN(int64_t count, store_.EventCount());
    batch.Put(std::string(keys::kEventCountKey), absl::StrCat(count + 1));
    response.set_outcome(v1::IngestEventResponse::CREATED);
  } else {
    const v1::Event& cur = current->event();
    const std::string& uid = cur.uid();
    EventName old_name{cur.date(), cur.slug()};
    e.set_uid(uid);
    *e.mutable_create_time() = cur.create_time();
    *e.mutable_aliases() = cur.aliases();
    const int aliases_before = e.aliases_size();
    DL_RETURN_IF_ERROR(add_aliases(history_names, uid));
    bool new_aliases = e.aliases_size() != aliases_before;
    if (item.from_page) {
      // A page cannot carry these: keep what the event has.
      if (e.topics_size() == 0) {
        *e.mutable_topics() = cur.topics();
        *next.mutable_topic_keys() = current->topic_keys();
      }
      if (e.entities_size() == 0) {
        *e.mutable_entities() = cur.entities();
        *next.mutable_entity_keys() = current->entity_keys();
      }
      if (!e.has_category() && cur.has_category()) e.set_category(cur.category());
    }
    // A page's version history replaces a stored history that differs from it.
    std::vector<v1::EventRevision> stored_revisions;
    bool rewrite_history = false;
    if (item.history.has_value()) {
      DL_ASSIGN_OR_RETURN(stored_revisions, LoadRevisions(uid));
      rewrite_history = !SameVersions(stored_revisions, *item.history);
    }

    if (SameContent(cur, e) && old_name == sub.name && !new_aliases && !rewrite_history) {
      response.set_outcome(v1::IngestEventResponse::UNCHANGED);
      response.set_name(cur.name());
      response.set_revision(cur.revision());
      batch = KvBatch();  // nothing to write but the request record
    } else {
      if (old_name != sub.name) {
        DL_ASSIGN_OR_RETURN(std::optional<StoredEvent> owner, store_.FindEvent(sub.name));
        if (owner.has_value() && owner->event().uid() != uid) {
          // The new name already names another event: one name is one event, so the
          // two are the same story seen twice (e.g. by two extracts). Absorb it.
          DL_RETURN_IF_ERROR(AbsorbEvent(*owner, uid, sub.name, &e, &batch));
          DL_ASSIGN_OR_RETURN(int64_t count, store_.EventCount());
          batch.Put(std::string(keys::kEventCountKey), absl::StrCat(count - 1));
        }
        // The new name stops being an alias; the old one becomes one.
        batch.Delete(keys::Alias(sub.name));
        google::protobuf::RepeatedPtrField<std::string> kept;
        for (const std::string& a : e.aliases()) {
          if (a != sub.name.ToString()) *kept.Add() = a;
        }
        *e.mutable_aliases() = std::move(kept);
        e.add_aliases(old_name.ToString());
        batch.Put(keys::Alias(old_name), uid);
        batch.Delete(keys::Event(old_name));
        batch.Put(keys::Uid(uid), sub.name.Key());
      }
      int64_t n = cur.revision() + 1;
      if (rewrite_history) {
        for (const v1::EventRevision& r : stored_revisions) {
          batch.Delete(keys::Revision(uid, r.revision()));
        }
        n = 0;
        const auto& versions = item.history->versions;
        for (size_t i = 0; i + 1 < versions.size(); ++i) {
          const auto& v = versions[i];
          v1::EventRevision earlier =
              MakeRevision(++n, v.headline, v.name, v.time.value_or(observed));
          batch.Put(keys::Revision(uid, n), earlier.SerializeAsString());
        }
        ++n;
      }
      e.set_revision(n);
      v1::EventRevision rev = MakeRevision(n, e.headline(), sub.name, observed);
      *rev.mutable_snapshot() = e;
      DeleteIndexRows(*current, old_name, &batch);
      PutIndexRows(next, sub.name, &batch);
      batch.Put(keys::Revision(uid, n), rev.SerializeAsString());
      batch.Put(keys::Event(sub.name), next.SerializeAsString());
      response.set_outcome(v1::IngestEventResponse::UPDATED);
    }
  }
  if (response.outcome() != v1::IngestEventResponse::UNCHANGED) {
    response.set_name(e.name());
    response.set_revision(e.revision());
  }
  if (!item.request_id.empty()) {
    batch.Put(keys::Request(item.request_id), response.SerializeAsString());
  }
  if (!batch.empty()) DL_RETURN_IF_ERROR(kv_->Write(batch, /*sync=*/false));
  return response;
}

absl::StatusOr<std::vector<absl::StatusOr<v1::IngestEventResponse>>> Ingestor::ApplyAll(
    std::vector<IngestItem> items) {
  std::vector<absl::StatusOr<v1::IngestEventResponse>> results;
  results.reserve(items.size());
  absl::MutexLock lock(&mu_);
  for (const IngestItem& item : items) results.push_back(ApplyLocked(item));
  // One sync makes every batch above durable before any is acknowledged.
  DL_RETURN_IF_ERROR(kv_->SyncWal());
  std::string token = EncodeConsistencyToken(kv_->LatestSequence());
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
