// Date normalization: accepts unambiguous day forms and returns YYYY-MM-DD.
#ifndef DATELINE_LIB_NORMALIZE_DATE_H_
#define DATELINE_LIB_NORMALIZE_DATE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dateline {

// Accepted forms (surrounding whitespace ignored):
//   2017-07-30, 2017-7-30, 2017/07/30, 2017/7/30, 20170730,
//   2017-07-30T12:00:00Z (RFC 3339; the date part is taken as written),
//   July 30, 2017 / Jul 30 2017 / 30 July 2017 (English month names, any case).
// Errors: INVALID_ARGUMENT naming `field`: empty ("required"), unrecognized form, or a
// day that does not exist (2017-02-29, 2017-04-31, month 13, year 0).
absl::StatusOr<std::string> NormalizeDate(absl::string_view text, absl::string_view field);

}  // namespace dateline

#endif  // DATELINE_LIB_NORMALIZE_DATE_H_
