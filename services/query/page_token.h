// Opaque page tokens (AIP-158): a fingerprint of the request's parameters (page_size
// and page_token excluded) and a position. A token used with other parameters is
// INVALID_ARGUMENT.
#ifndef DATELINE_SERVICES_QUERY_PAGE_TOKEN_H_
#define DATELINE_SERVICES_QUERY_PAGE_TOKEN_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dateline {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// page_size 0 -> kDefaultPageSize; > kMaxPageSize -> kMaxPageSize; negative ->
// INVALID_ARGUMENT naming page_size.
absl::StatusOr<int> EffectivePageSize(int page_size);

// `params` identifies the query (e.g. "date=2017-07-30|topic=x"); `position` is where
// the next page starts.
std::string EncodePageToken(absl::string_view params, absl::string_view position);

// The position of `token`; "" for an empty token (first page). Errors:
// INVALID_ARGUMENT naming page_token when it is malformed or was made for other
// parameters.
absl::StatusOr<std::string> DecodePageToken(absl::string_view token, absl::string_view params);

}  // namespace dateline

#endif  // DATELINE_SERVICES_QUERY_PAGE_TOKEN_H_
