#include "lib/store/kv_store.h"

namespace dateline {

absl::StatusOr<std::vector<std::optional<std::string>>> KvStore::MultiGet(
    const std::vector<std::string>& keys) const {
  std::vector<std::optional<std::string>> values;
  values.reserve(keys.size());
  for (const std::string& key : keys) {
    absl::StatusOr<std::optional<std::string>> value = Get(key);
    if (!value.ok()) return value.status();
    values.push_back(*std::move(value));
  }
  return values;
}

}  // namespace dateline
