#include "lib/store/keys.h"

#include <string.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace dateline::keys {

std::string Event(const EventName& name) { return absl::StrCat("E/", name.Key()); }
std::string Alias(const EventName& name) { return absl::StrCat("A/", name.Key()); }
std::string Uid(absl::string_view uid) { return absl::StrCat("U/", uid); }
std::string Revision(absl::string_view uid, int64_t n) {
  return absl::StrFormat("R/%s/%012d", uid, n);
}
std::string RevisionPrefix(absl::string_view uid) { return absl::StrCat("R/", uid, "/"); }
std::string TopicPrefix(absl::string_view topic_key) {
  return absl::StrCat("T/", topic_key, absl::string_view("\0", 1));
}
std::string Topic(absl::string_view topic_key, const EventName& name) {
  return absl::StrCat(TopicPrefix(topic_key), name.Key());
}
std::string EntityPrefix(absl::string_view entity_key) {
  return absl::StrCat("X/", entity_key, absl::string_view("\0", 1));
}
std::string Entity(absl::string_view entity_key, const EventName& name) {
  return absl::StrCat(EntityPrefix(entity_key), name.Key());
}
std::string Request(absl::string_view request_id) { return absl::StrCat("Q/", request_id); }

std::string DayStart(absl::string_view prefix, absl::string_view date) {
  return absl::StrCat(prefix, date, "/");
}
// '0' follows '/' in ASCII: every "{date}/..." key sorts before "{date}0".
std::string DayEnd(absl::string_view prefix, absl::string_view date) {
  return absl::StrCat(prefix, date, "0");
}

absl::string_view NameSuffix(absl::string_view key) {
  // memrchr, not string_view::rfind: glibc's is vectorized, and this runs for every
  // index row a related set or a topic listing scans (docs/benchmarks.md).
  const void* nul = key.empty() ? nullptr : memrchr(key.data(), '\0', key.size());
  if (nul != nullptr) {
    return key.substr(static_cast<size_t>(static_cast<const char*>(nul) - key.data()) + 1);
  }
  return key.size() >= 2 ? key.substr(2) : key;
}

}  // namespace dateline::keys
