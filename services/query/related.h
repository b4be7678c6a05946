// Related sets: curated links (from the source) first, in their order, then events
// computed from shared topics and entities, best first.
#ifndef DATELINE_SERVICES_QUERY_RELATED_H_
#define DATELINE_SERVICES_QUERY_RELATED_H_

#include <vector>

#include "absl/status/statusor.h"
#include "dateline/v1/resources.pb.h"
#include "lib/store/event_store.h"

namespace dateline {

struct RelatedOptions {
  // Index rows read per shared tag, half before and half after the event's date.
  int scan_per_tag = 4000;
  // Most computed events returned.
  int max_computed = 100;
};

// Computed scoring: each shared topic or entity adds its inverse document frequency
// log(1 + N / df), N events stored and df the other events found for the tag plus one.
// The scan is bounded: for each tag at most scan_per_tag / 2 index rows from the
// event's date on and as many before it are read, so df (and the candidates) count
// the events nearest in date, not every event with the tag when it is more common.
// The score is that sum divided by the sum over all of the event's tags, so it lies in
// (0, 1]. Ties go to the event nearer in date, then to the smaller name. Curated links
// score 2 - i/1000 (i = position), above every computed one. `context` lists the
// shared tags as the event spells them, topics first.
//
// Errors: store errors; DATA_LOSS when an index row names an event that is not
// stored.
absl::StatusOr<std::vector<v1::RelatedEvent>> ComputeRelated(const EventStore& store,
                                                             const StoredEvent& event,
                                                             const RelatedOptions& options);

// One page of the list ComputeRelated returns: its entries [offset, offset + limit)
// and the whole list's length. The ranking is computed in full, but only the page's
// computed events are read from the store (so a dangling index row is found when its
// page is asked for). Errors as ComputeRelated.
struct RelatedPage {
  std::vector<v1::RelatedEvent> events;
  size_t total = 0;
};
absl::StatusOr<RelatedPage> ComputeRelatedPage(const EventStore& store, const StoredEvent& event,
                                               const RelatedOptions& options, size_t offset,
                                               size_t limit);

}  // namespace dateline

#endif  // DATELINE_SERVICES_QUERY_RELATED_H_
