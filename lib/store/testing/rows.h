// Rows of one kind, for tests that check exactly which rows a change left behind
// (no stray alias, no orphan index row) without knowing the key layout.
#ifndef DATELINE_LIB_STORE_TESTING_ROWS_H_
#define DATELINE_LIB_STORE_TESTING_ROWS_H_

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "lib/store/keys.h"
#include "lib/store/kv_store.h"

namespace dateline::testing {

enum class RowKind { kEvent, kAlias, kUid, kRevision, kTopic, kEntity, kRequest };

// The rows of `kind` in key order, each as "{what it is keyed by}", i.e. without the
// layout's prefix: events and aliases "{date}/{slug}", uids "{uid}", revisions
// "{uid}/{n:012}", index rows "{tag key} {date}/{slug}", requests "{request_id}".
inline std::vector<std::string> Rows(const KvStore& kv, RowKind kind) {
  static constexpr const char* kPrefix[] = {"E/", "A/", "U/", "R/", "T/", "X/", "Q/"};
  const std::string prefix = kPrefix[static_cast<int>(kind)];
  std::vector<std::string> out;
  absl::Status st = kv.Scan(prefix, prefix + "\xff", false,
                            [&](absl::string_view key, absl::string_view) {
                              std::string rest(key.substr(prefix.size()));
                              size_t nul = rest.find('\0');
                              if (nul != std::string::npos) rest[nul] = ' ';
                              out.push_back(std::move(rest));
                              return true;
                            });
  if (!st.ok()) out.push_back(absl::StrCat("<scan failed: ", st.ToString(), ">"));
  return out;
}

}  // namespace dateline::testing

#endif  // DATELINE_LIB_STORE_TESTING_ROWS_H_
