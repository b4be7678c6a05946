#include "services/query/related.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "lib/common/status_macros.h"

namespace dateline {
namespace {

struct Tag {
  TagKind kind;
  std::string key;      // normalized key (the index's)
  std::string display;  // as the event spells it
};

struct Candidate {
  double weight = 0;
  std::vector<int> tags;  // indexes into the tag list, in order
};

// Days between two YYYY-MM-DD dates, approximately (for tie-breaks only).
int DayDistance(absl::string_view a, absl::string_view b) {
  auto days = [](absl::string_view d) {
    int y = 0, m = 0, dd = 0;
    (void)absl::SimpleAtoi(d.substr(0, 4), &y);
    (void)absl::SimpleAtoi(d.substr(5, 2), &m);
    (void)absl::SimpleAtoi(d.substr(8, 2), &dd);
    return y * 372 + m * 31 + dd;
  };
  return std::abs(days(a) - days(b));
}

}  // namespace

absl::StatusOr<std::vector<v1::RelatedEvent>> ComputeRelated(const EventStore& store,
                                                             const StoredEvent& stored,
                                                             const RelatedOptions& options) {
  const v1::Event& event = stored.event();
  std::vector<v1::RelatedEvent> out;
  std::set<std::string> listed = {event.name()};

  // Curated links, resolved through aliases.
  for (int i = 0; i < event.related_size(); ++i) {
    const v1::RelatedLink& link = event.related(i);
    v1::RelatedEvent r;
    r.set_curated(true);
    r.set_score(2.0 - i / 1000.0);
    *r.mutable_context() = link.context();
    absl::StatusOr<EventName> name = ParseEventName(link.name());
    std::optional<StoredEvent> target;
    if (name.ok()) {
      DL_ASSIGN_OR_RETURN(target, store.FindEvent(*name));
    }
    if (target.has_value()) {
      r.set_name(target->event().name());
      r.set_date(target->event().date());
      r.set_headline(target->event().headline());
      r.set_resolved(true);
    } else {
      r.set_name(link.name());
      if (name.ok()) r.set_date(name->date);
      r.set_headline(link.headline());
      r.set_resolved(false);
    }
    listed.insert(r.name());
    out.push_back(std::move(r));
  }

  // Computed from shared topics and entities.
  std::vector<Tag> tags;
  for (int i = 0; i < stored.topic_keys_size() && i < event.topics_size(); ++i) {
    tags.push_back({TagKind::kTopic, stored.topic_keys(i), event.topics(i)});
  }
  for (int i = 0; i < stored.entity_keys_size() && i < event.entities_size(); ++i) {
    tags.push_back({TagKind::kEntity, stored.entity_keys(i), event.entities(i)});
  }
  if (tags.empty()) return out;
  DL_ASSIGN_OR_RETURN(int64_t total, store.EventCount());
  total = std::max<int64_t>(total, 1);

  absl::flat_hash_map<std::string, Candidate> candidates;  // key "{date}/{slug}"
  double total_weight = 0;
  const std::string self = EventName{event.date(), event.slug()}.Key();
  for (size_t t = 0; t < tags.size(); ++t) {
    // Nearest rows from the event's date on, then before it.
    DL_ASSIGN_OR_RETURN(TagNeighbors near,
                        store.Neighbors(tags[t].kind, tags[t].key, event.date(),
                                        std::max(1, options.scan_per_tag / 2)));
    std::vector<std::string> seen;
    for (const EventName& n : near.from_date) {
      std::string name = n.Key();
      if (name != self) seen.push_back(std::move(name));
    }
    for (const EventName& n : near.before) seen.push_back(n.Key());
    double df = static_cast<double>(seen.size()) + 1;  // + the event itself
    double idf = std::log(1.0 + static_cast<double>(total) / df);
    total_weight += idf;
    for (const std::string& name : seen) {
      Candidate& c = candidates[name];
      c.weight += idf;
      c.tags.push_back(static_cast<int>(t));
    }
  }

  std::vector<std::pair<std::string, const Candidate*>> ranked;
  ranked.reserve(candidates.size());
  for (const auto& [name, c] : candidates) ranked.emplace_back(name, &c);
  // A total order (weight, nearness in date, name), so the result does not depend on
  // the hash map's order.
  auto better = [&](const auto& a, const auto& b) {
    if (a.second->weight != b.second->weight) return a.second->weight > b.second->weight;
    int da = DayDistance(a.first, event.date()), db = DayDistance(b.first, event.date());
    if (da != db) return da < db;
    return a.first < b.first;
  };
  // Only the best max_computed (plus those skipped below as already listed) are
  // needed: sort that prefix; sort the rest only if skips use the prefix up.
  size_t sorted = std::min(ranked.size(), static_cast<size_t>(options.max_computed) +
                                              listed.size() + 1);
  std::partial_sort(ranked.begin(), ranked.begin() + sorted, ranked.end(), better);
  std::vector<EventName> chosen;
  std::vector<const Candidate*> chosen_candidates;
  for (size_t k = 0;
       k < ranked.size() && static_cast<int>(chosen.size()) < options.max_computed; ++k) {
    if (k == sorted) {  // everything after the prefix ranks below it
      std::sort(ranked.begin() + sorted, ranked.end(), better);
      sorted = ranked.size();
    }
    absl::StatusOr<EventName> name = ParseEventKey(ranked[k].first);
    if (!name.ok() || listed.count(name->ToString())) continue;
    listed.insert(name->ToString());
    chosen.push_back(*std::move(name));
    chosen_candidates.push_back(ranked[k].second);
  }
  // Index rows name canonical names (readers see one state of the store): a row
  // without its event is corruption, reported as DATA_LOSS. One MultiGet for all.
  DL_ASSIGN_OR_RETURN(std::vector<StoredEvent> found,
                      store.GetIndexedMany(chosen, "index row"));
  for (size_t k = 0; k < found.size(); ++k) {
    v1::RelatedEvent r;
    r.set_name(found[k].event().name());
    r.set_date(found[k].event().date());
    r.set_headline(found[k].event().headline());
    for (int t : chosen_candidates[k]->tags) r.add_context(tags[t].display);
    r.set_score(total_weight > 0 ? chosen_candidates[k]->weight / total_weight : 0);
    r.set_curated(false);
    r.set_resolved(true);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace dateline
