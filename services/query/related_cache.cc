#include "services/query/related_cache.h"

#include <utility>

namespace dateline {

std::optional<v1::ListRelatedEventsResponse> RelatedCache::Get(const std::string& key,
                                                               StoreState state) {
  absl::MutexLock lock(&mu_);
  auto found = index_.find(key);
  if (found == index_.end()) return std::nullopt;
  auto it = found->second;
  if (!(it->state == state)) {
    EraseLocked(it);
    return std::nullopt;
  }
  lru_.splice(lru_.begin(), lru_, it);
  return it->page;
}

void RelatedCache::Put(const std::string& key, StoreState state,
                       const v1::ListRelatedEventsResponse& page) {
  const size_t size = page.ByteSizeLong() + key.size();
  absl::MutexLock lock(&mu_);
  if (auto found = index_.find(key); found != index_.end()) EraseLocked(found->second);
  if (size > max_bytes_) return;
  lru_.push_front(Entry{key, state, page, size});
  index_[key] = lru_.begin();
  bytes_ += size;
  while (bytes_ > max_bytes_) EraseLocked(std::prev(lru_.end()));
}

void RelatedCache::EraseLocked(std::list<Entry>::iterator it) {
  bytes_ -= it->bytes;
  index_.erase(it->key);
  lru_.erase(it);
}

size_t RelatedCache::bytes() const {
  absl::MutexLock lock(&mu_);
  return bytes_;
}

size_t RelatedCache::entries() const {
  absl::MutexLock lock(&mu_);
  return lru_.size();
}

}  // namespace dateline
