#include "lib/store/consistency_token.h"

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace dateline {
namespace {
constexpr absl::string_view kPrefix = "dlct1:";
}

std::string EncodeConsistencyToken(uint64_t sequence) {
  return absl::WebSafeBase64Escape(absl::StrCat(kPrefix, sequence));
}

absl::StatusOr<uint64_t> DecodeConsistencyToken(absl::string_view token,
                                                absl::string_view field) {
  std::string raw;
  uint64_t seq = 0;
  if (!absl::WebSafeBase64Unescape(token, &raw) || !absl::StartsWith(raw, kPrefix) ||
      !absl::SimpleAtoi(absl::string_view(raw).substr(kPrefix.size()), &seq)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": not a token returned by the ingest service"));
  }
  return seq;
}

}  // namespace dateline
