#include "services/ingest/uid.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace dateline {

std::string MakeUid(absl::string_view first_name_key, int attempt) {
  std::string input(first_name_key);
  if (attempt > 0) absl::StrAppend(&input, "-", attempt);
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : input) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return absl::StrFormat("%016x", h);
}

}  // namespace dateline
