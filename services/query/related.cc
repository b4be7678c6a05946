#include "services/query/related.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <set>
#include <string>

#include "absl/container/flat_hash_map.h"
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
  int day_distance = 0;   // from the event's date, for tie-breaks
  std::vector<int> tags;  // indexes into the tag list, in order
};

// Days since year 0 of a YYYY-MM-DD date (or of a name key's date part),
// approximately: for tie-breaks only.
int Days(absl::string_view d) {
  // Dates of stored names are validated YYYY-MM-DD; this runs once per candidate, so
  // it reads the digits directly instead of three SimpleAtoi calls. A part that is not
  // all digits counts 0, as a failed SimpleAtoi left it.
  auto number = [d](size_t at, size_t len) {
    if (d.size() < at + len) return 0;
    int v = 0;
    for (size_t i = at; i < at + len; ++i) {
      const unsigned digit = static_cast<unsigned char>(d[i]) - '0';
      if (digit > 9) return 0;
      v = v * 10 + static_cast<int>(digit);
    }
    return v;
  };
  return number(0, 4) * 372 + number(5, 2) * 31 + number(8, 2);
}

}  // namespace

absl::StatusOr<std::vector<v1::RelatedEvent>> ComputeRelated(const EventStore& store,
                                                             const StoredEvent& stored,
                                                             const RelatedOptions& options) {
  DL_ASSIGN_OR_RETURN(RelatedPage page, ComputeRelatedPage(store, stored, options, 0,
                                                           std::numeric_limits<size_t>::max()));
  return std::move(page.events);
}

absl::StatusOr<RelatedPage> ComputeRelatedPage(const EventStore& store,
                                               const StoredEvent& stored,
                                               const RelatedOptions& options, size_t offset,
                                               size_t limit) {
  const v1::Event& event = stored.event();
  RelatedPage page;
  std::vector<v1::RelatedEvent> curated;
  std::set<std::string> listed = {event.name()};

  // Curated links, resolved through aliases (one batched lookup for all).
  std::vector<absl::StatusOr<EventName>> link_names;
  std::vector<EventName> to_find;
  for (const v1::RelatedLink& link : event.related()) {
    link_names.push_back(ParseEventName(link.name()));
    if (link_names.back().ok()) to_find.push_back(*link_names.back());
  }
  DL_ASSIGN_OR_RETURN(std::vector<std::optional<StoredEvent>> targets,
                      store.FindEvents(to_find));
  size_t next_target = 0;
  for (int i = 0; i < event.related_size(); ++i) {
    const v1::RelatedLink& link = event.related(i);
    const absl::StatusOr<EventName>& name = link_names[static_cast<size_t>(i)];
    v1::RelatedEvent r;
    r.set_curated(true);
    r.set_score(2.0 - i / 1000.0);
    *r.mutable_context() = link.context();
    const std::optional<StoredEvent>* target = name.ok() ? &targets[next_target++] : nullptr;
    if (target != nullptr && target->has_value()) {
      r.set_name((*target)->event().name());
      r.set_date((*target)->event().date());
      r.set_headline((*target)->event().headline());
      r.set_resolved(true);
    } else {
      r.set_name(link.name());
      if (name.ok()) r.set_date(name->date);
      r.set_headline(link.headline());
      r.set_resolved(false);
    }
    listed.insert(r.name());
    curated.push_back(std::move(r));
  }
  // The page's part of the curated list.
  auto take_curated = [&] {
    for (size_t i = offset; i < curated.size() && page.events.size() < limit; ++i) {
      page.events.push_back(std::move(curated[i]));
    }
  };

  // Computed from shared topics and entities.
  std::vector<Tag> tags;
  for (int i = 0; i < stored.topic_keys_size() && i < event.topics_size(); ++i) {
    tags.push_back({TagKind::kTopic, stored.topic_keys(i), event.topics(i)});
  }
  for (int i = 0; i < stored.entity_keys_size() && i < event.entities_size(); ++i) {
    tags.push_back({TagKind::kEntity, stored.entity_keys(i), event.entities(i)});
  }
  if (tags.empty()) {
    page.total = curated.size();
    take_curated();
    return page;
  }
  DL_ASSIGN_OR_RETURN(int64_t total, store.EventCount());
  total = std::max<int64_t>(total, 1);

  absl::flat_hash_map<std::string, Candidate> candidates;  // name key "{date}/{slug}"
  double total_weight = 0;
  const std::string self = EventName{event.date(), event.slug()}.Key();
  const int event_days = Days(event.date());
  for (size_t t = 0; t < tags.size(); ++t) {
    // Nearest rows from the event's date on, then before it.
    DL_ASSIGN_OR_RETURN(TagNeighbors near,
                        store.Neighbors(tags[t].kind, tags[t].key, event.date(),
                                        std::max(1, options.scan_per_tag / 2)));
    size_t self_rows = 0;
    for (const std::string& name : near.from_date) self_rows += name == self;
    // df counts the other events found for the tag, plus the event itself.
    double df = static_cast<double>(near.from_date.size() - self_rows + near.before.size()) + 1;
    double idf = std::log(1.0 + static_cast<double>(total) / df);
    total_weight += idf;
    auto add = [&](std::string name) {
      auto [it, inserted] = candidates.try_emplace(std::move(name));
      Candidate& c = it->second;
      if (inserted) c.day_distance = std::abs(Days(it->first) - event_days);
      c.weight += idf;
      c.tags.push_back(static_cast<int>(t));
    };
    for (std::string& name : near.from_date) {
      if (name != self) add(std::move(name));
    }
    for (std::string& name : near.before) add(std::move(name));
  }

  std::vector<std::pair<const std::string*, const Candidate*>> ranked;
  ranked.reserve(candidates.size());
  for (const auto& [name, c] : candidates) ranked.emplace_back(&name, &c);
  // A total order (weight, nearness in date, name), so the result does not depend on
  // the hash map's order.
  auto better = [](const auto& a, const auto& b) {
    if (a.second->weight != b.second->weight) return a.second->weight > b.second->weight;
    if (a.second->day_distance != b.second->day_distance) {
      return a.second->day_distance < b.second->day_distance;
    }
    return *a.first < *b.first;
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
    absl::StatusOr<EventName> name = ParseEventKey(*ranked[k].first);
    if (!name.ok() || listed.count(name->ToString())) continue;
    listed.insert(name->ToString());
    chosen.push_back(*std::move(name));
    chosen_candidates.push_back(ranked[k].second);
  }
  page.total = curated.size() + chosen.size();
  take_curated();

  // The page's computed events only. Index rows name canonical names (readers see one
  // state of the store): a row without its event is corruption, reported as
  // DATA_LOSS. One MultiGet for all.
  const size_t first = std::max(offset, curated.size()) - curated.size();
  const size_t count = std::min(chosen.size() - std::min(first, chosen.size()),
                                limit - page.events.size());
  if (count == 0) return page;
  std::vector<EventName> wanted(chosen.begin() + first, chosen.begin() + first + count);
  DL_ASSIGN_OR_RETURN(std::vector<StoredEvent> found,
                      store.GetIndexedMany(wanted, "index row"));
  for (size_t k = 0; k < found.size(); ++k) {
    const Candidate& c = *chosen_candidates[first + k];
    v1::RelatedEvent r;
    r.set_name(found[k].event().name());
    r.set_date(found[k].event().date());
    r.set_headline(found[k].event().headline());
    for (int t : c.tags) r.add_context(tags[t].display);
    r.set_score(total_weight > 0 ? c.weight / total_weight : 0);
    r.set_curated(false);
    r.set_resolved(true);
    page.events.push_back(std::move(r));
  }
  return page;
}

}  // namespace dateline
