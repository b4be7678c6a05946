#include "services/query/page_token.h"

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "lib/common/fnv.h"

namespace dateline {
namespace {

std::string Fingerprint(absl::string_view params) {
  return absl::StrFormat("%016x", Fnv1a64(params, kDatelineFnvOffsetBasis));
}

constexpr absl::string_view kVersion = "p1";

}  // namespace

absl::StatusOr<int> EffectivePageSize(int page_size) {
  if (page_size < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size: must not be negative (got ", page_size, ")"));
  }
  if (page_size == 0) return kDefaultPageSize;
  return page_size > kMaxPageSize ? kMaxPageSize : page_size;
}

std::string EncodePageToken(absl::string_view params, absl::string_view position) {
  return absl::WebSafeBase64Escape(
      absl::StrCat(kVersion, ":", Fingerprint(params), ":", position));
}

absl::StatusOr<std::string> DecodePageToken(absl::string_view token,
                                            absl::string_view params) {
  if (token.empty()) return std::string();
  std::string raw;
  const size_t head = kVersion.size() + 1 + 16 + 1;
  if (!absl::WebSafeBase64Unescape(token, &raw) || raw.size() < head ||
      absl::string_view(raw).substr(0, kVersion.size()) != kVersion) {
    return absl::InvalidArgumentError("page_token: not a token returned by this method");
  }
  if (raw.substr(kVersion.size() + 1, 16) != Fingerprint(params)) {
    return absl::InvalidArgumentError(
        "page_token: was returned for a request with other parameters");
  }
  return raw.substr(head);
}

}  // namespace dateline
