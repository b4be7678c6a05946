#include "services/ingest/uid.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "lib/common/fnv.h"

namespace dateline {

std::string MakeUid(absl::string_view first_name_key, int attempt) {
  std::string input(first_name_key);
  if (attempt > 0) absl::StrAppend(&input, "-", attempt);
  return absl::StrFormat("%016x", Fnv1a64(input, kDatelineFnvOffsetBasis));
}

}  // namespace dateline
