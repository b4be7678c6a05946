// The archive's slug rule (FORMAT.md):
//   1. the headline as published (with any topic chain), UTF-8;
//   2. cut to its first 140 bytes, never splitting a UTF-8 sequence;
//   3. ASCII letters lower-cased; every run of bytes outside [a-z0-9] becomes one '-';
//   4. '-' trimmed at both ends.
#ifndef DATELINE_LIB_NORMALIZE_SLUG_H_
#define DATELINE_LIB_NORMALIZE_SLUG_H_

#include <string>

#include "absl/strings/string_view.h"

namespace dateline {

// Derives the slug of `headline` (valid UTF-8). May return "" when the headline has no
// ASCII letters or digits in its first 140 bytes.
std::string DeriveSlug(absl::string_view headline);

}  // namespace dateline

#endif  // DATELINE_LIB_NORMALIZE_SLUG_H_
