#include "services/ingest/ingest_plan.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/protobuf/util/time_util.h"
#include "lib/common/status_macros.h"

namespace dateline {
namespace {

using google::protobuf::util::MessageDifferencer;

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
  return MessageDifferencer::Equals(ContentOf(a), ContentOf(b));
}

v1::EventRevision MakeRevision(int64_t n, const std::string& headline, const EventName& name,
                               absl::Time observed) {
  v1::EventRevision rev;
  rev.set_revision(n);
  rev.set_headline(headline);
  rev.set_slug(name.slug);
  rev.set_date(name.date);
  *rev.mutable_observe_time() = ToProto(observed);
  return rev;
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

// Revisions 1..k-1 from the page history's earlier versions (k = versions).
void AddHistoryRevisions(const VersionHistory& history, const std::string& uid,
                         absl::Time observed, int64_t* n, IngestPlan* plan) {
  const auto& versions = history.versions;
  for (size_t i = 0; i + 1 < versions.size(); ++i) {
    const auto& v = versions[i];
    plan->revisions_added.push_back(
        MakeRevision(++*n, v.headline, v.name, v.time.value_or(observed)));
  }
}

// The state the submission gives, before identity (uid, revision, aliases) is set.
StoredEvent Submitted(const IngestItem& item, const std::optional<StoredEvent>& current,
                      absl::Time now) {
  const NormalizedSubmission& sub = item.submission;
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
    if (item.page_extras->ByteSizeLong() > 0) *next.mutable_page() = *item.page_extras;
  } else if (current.has_value() && current->has_page()) {
    *next.mutable_page() = current->page();
  }
  return next;
}

// Adds the earlier names no event has as aliases of event `uid`; a name another
// event has is refused. Returns whether any was added.
absl::StatusOr<bool> AddEarlierNames(const IngestItem& item, const StoredState& state,
                                     const std::string& uid, v1::Event* e,
                                     IngestPlan* plan) {
  bool added = false;
  for (const NameOwner& o : state.earlier_name_owners) {
    if (!o.uid.empty()) {
      if (o.uid != uid) {
        return absl::AlreadyExistsError(absl::StrCat(NameField(item), ": earlier name ",
                                                     o.name.ToString(),
                                                     " belongs to event ", o.owner_name));
      }
      continue;  // already an alias, or the current name (see the rename below)
    }
    e->add_aliases(o.name.ToString());
    plan->aliases_added.push_back(o.name);
    added = true;
  }
  return added;
}

absl::StatusOr<IngestPlan> DecideCreate(const IngestItem& item, const StoredState& state,
                                        absl::Time now, StoredEvent next) {
  const NormalizedSubmission& sub = item.submission;
  const absl::Time observed = sub.observe_time.value_or(now);
  if (state.free_uid.empty()) return absl::InternalError("could not allocate an event uid");
  IngestPlan plan;
  const std::string& uid = state.free_uid;
  v1::Event& e = *next.mutable_event();
  e.set_uid(uid);
  *e.mutable_create_time() = ToProto(now);
  DL_RETURN_IF_ERROR(AddEarlierNames(item, state, uid, &e, &plan).status());
  int64_t n = 0;
  if (item.history.has_value()) AddHistoryRevisions(*item.history, uid, observed, &n, &plan);
  e.set_revision(++n);
  v1::EventRevision rev = MakeRevision(n, e.headline(), sub.name, observed);
  *rev.mutable_snapshot() = e;
  plan.revisions_added.push_back(std::move(rev));
  plan.write_uid = true;
  plan.event_count = state.event_count + 1;
  plan.response.set_outcome(v1::IngestEventResponse::CREATED);
  plan.response.set_name(e.name());
  plan.response.set_revision(e.revision());
  plan.event = std::move(next);
  return plan;
}

// Merges `holder` (the event holding the new name) into `e`: its names become
// aliases of `e`, its revisions follow e's own as `n+1`, `n+2`, ... (renumbered; the
// snapshot's revision too).
absl::Status Absorb(const StoredState& state, const EventName& new_name, v1::Event* e,
                    int64_t* n, IngestPlan* plan) {
  const StoredEvent& holder = *state.name_holder;
  const v1::Event& other = holder.event();
  std::vector<std::string> names(other.aliases().begin(), other.aliases().end());
  names.push_back(other.name());
  for (const std::string& name : names) {
    if (name == new_name.ToString()) continue;
    DL_ASSIGN_OR_RETURN(EventName parsed, ParseEventName(name, "alias"));
    plan->aliases_added.push_back(parsed);
    e->add_aliases(name);
  }
  for (const v1::EventRevision& r : state.name_holder_revisions) {
    plan->absorbed_revisions.push_back(r.revision());
    v1::EventRevision moved = r;
    moved.set_revision(++*n);
    if (moved.has_snapshot()) moved.mutable_snapshot()->set_revision(*n);
    plan->revisions_added.push_back(std::move(moved));
  }
  plan->absorbed = holder;
  plan->event_count = state.event_count - 1;
  return absl::OkStatus();
}

absl::StatusOr<IngestPlan> DecideUpdate(const IngestItem& item, const StoredState& state,
                                        absl::Time now, StoredEvent next) {
  const NormalizedSubmission& sub = item.submission;
  const absl::Time observed = sub.observe_time.value_or(now);
  const StoredEvent& current = *state.current;
  const v1::Event& cur = current.event();
  const std::string& uid = cur.uid();
  const EventName old_name{cur.date(), cur.slug()};
  IngestPlan plan;
  v1::Event& e = *next.mutable_event();
  e.set_uid(uid);
  *e.mutable_create_time() = cur.create_time();
  *e.mutable_aliases() = cur.aliases();
  DL_ASSIGN_OR_RETURN(bool new_aliases, AddEarlierNames(item, state, uid, &e, &plan));
  if (item.from_page) {
    // A page cannot carry these: keep what the event has.
    if (e.topics_size() == 0) {
      *e.mutable_topics() = cur.topics();
      *next.mutable_topic_keys() = current.topic_keys();
    }
    if (e.entities_size() == 0) {
      *e.mutable_entities() = cur.entities();
      *next.mutable_entity_keys() = current.entity_keys();
    }
    if (!e.has_category() && cur.has_category()) e.set_category(cur.category());
  }
  // A page's version history replaces a stored history that differs from it.
  const bool rewrite_history =
      item.history.has_value() && !SameVersions(state.current_revisions, *item.history);

  if (SameContent(cur, e) && old_name == sub.name && !new_aliases && !rewrite_history) {
    plan.response.set_outcome(v1::IngestEventResponse::UNCHANGED);
    plan.response.set_name(cur.name());
    plan.response.set_revision(cur.revision());
    // Layout details are not content: a page that differs only in them refreshes
    // them without a new revision, so the event renders as the page last imported.
    if (!MessageDifferencer::Equals(next.page(), current.page()) ||
        next.has_page() != current.has_page()) {
      StoredEvent refreshed = current;
      if (next.has_page()) {
        *refreshed.mutable_page() = next.page();
      } else {
        refreshed.clear_page();
      }
      plan.event = std::move(refreshed);
    }
    return plan;
  }

  plan.replaced = current;
  int64_t n = cur.revision();
  if (rewrite_history) {
    for (const v1::EventRevision& r : state.current_revisions) {
      plan.revisions_removed.push_back(r.revision());
    }
    n = 0;
    AddHistoryRevisions(*item.history, uid, observed, &n, &plan);
  }
  if (old_name != sub.name) {
    if (state.name_holder.has_value()) {
      // The new name already names another event: one name is one event, so the two
      // are the same story seen twice (e.g. by two extracts). Merge it in.
      DL_RETURN_IF_ERROR(Absorb(state, sub.name, &e, &n, &plan));
    }
    // The new name stops being an alias; the old one becomes one.
    plan.alias_removed = sub.name;
    google::protobuf::RepeatedPtrField<std::string> kept;
    for (const std::string& a : e.aliases()) {
      if (a != sub.name.ToString()) *kept.Add() = a;
    }
    *e.mutable_aliases() = std::move(kept);
    e.add_aliases(old_name.ToString());
    plan.aliases_added.push_back(old_name);
    plan.write_uid = true;
  }
  e.set_revision(++n);
  v1::EventRevision rev = MakeRevision(n, e.headline(), sub.name, observed);
  *rev.mutable_snapshot() = e;
  plan.revisions_added.push_back(std::move(rev));
  plan.response.set_outcome(v1::IngestEventResponse::UPDATED);
  plan.response.set_name(e.name());
  plan.response.set_revision(e.revision());
  plan.event = std::move(next);
  return plan;
}

}  // namespace

std::vector<EventName> EarlierNames(const IngestItem& item) {
  std::vector<EventName> names;
  if (!item.history.has_value()) return names;
  for (const VersionHistory::Version& v : item.history->versions) {
    if (v.name == item.submission.name) continue;
    bool dup = false;
    for (const EventName& n : names) dup = dup || n == v.name;
    if (!dup) names.push_back(v.name);
  }
  return names;
}

absl::StatusOr<IngestPlan> Decide(const IngestItem& item, const StoredState& state,
                                  absl::Time now) {
  if (state.earlier.has_value()) {
    IngestPlan plan;
    plan.response = *state.earlier;
    plan.replay = true;
    return plan;
  }
  StoredEvent next = Submitted(item, state.current, now);
  if (!state.current.has_value()) return DecideCreate(item, state, now, std::move(next));
  return DecideUpdate(item, state, now, std::move(next));
}

}  // namespace dateline
