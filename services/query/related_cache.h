// RelatedCache: ListRelatedEvents pages kept for one state of the store. A related set
// depends on every event near it in date that shares a tag, so an entry is only valid
// while nothing has been written: it is stamped with the store's state (generation
// and sequence, EventStore::state()) when computed and served only while the store is
// still in exactly that state. Any write, catch-up that applies one, or replica
// re-bootstrap makes every entry stale; stale entries are dropped when met and
// otherwise age out. Bounded by bytes, least recently used first out. Thread-safe.
#ifndef DATELINE_SERVICES_QUERY_RELATED_CACHE_H_
#define DATELINE_SERVICES_QUERY_RELATED_CACHE_H_

#include <cstddef>
#include <list>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "dateline/v1/query_service.pb.h"
#include "lib/store/event_store.h"

namespace dateline {

class RelatedCache {
 public:
  // max_bytes > 0: the serialized size of the pages kept, plus their keys.
  explicit RelatedCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  // The page stored under `key` if it was computed in `state`; a stale one is dropped.
  std::optional<v1::ListRelatedEventsResponse> Get(const std::string& key, StoreState state);

  // Keeps `page`, computed from the store in `state`, under `key` (replacing an older
  // one), then evicts the least recently used pages beyond max_bytes. A page larger
  // than max_bytes is not kept.
  void Put(const std::string& key, StoreState state, const v1::ListRelatedEventsResponse& page);

  size_t bytes() const;
  size_t entries() const;

 private:
  struct Entry {
    std::string key;
    StoreState state;
    v1::ListRelatedEventsResponse page;
    size_t bytes = 0;
  };
  void EraseLocked(std::list<Entry>::iterator it) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const size_t max_bytes_;
  mutable absl::Mutex mu_;
  std::list<Entry> lru_ ABSL_GUARDED_BY(mu_);  // most recently used first
  absl::flat_hash_map<std::string, std::list<Entry>::iterator> index_ ABSL_GUARDED_BY(mu_);
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace dateline

#endif  // DATELINE_SERVICES_QUERY_RELATED_CACHE_H_
