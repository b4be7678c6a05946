// UTF-8 validation (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF).
#ifndef DATELINE_LIB_COMMON_UTF8_H_
#define DATELINE_LIB_COMMON_UTF8_H_

#include <cstddef>

#include "absl/strings/string_view.h"

namespace dateline {

// Returns s.size() when `s` is valid UTF-8, else the offset of the first byte of the
// first invalid sequence.
size_t FirstInvalidUtf8(absl::string_view s);

inline bool IsValidUtf8(absl::string_view s) { return FirstInvalidUtf8(s) == s.size(); }

// Length in bytes of the longest prefix of `s` that is at most `max_bytes` long and
// does not end inside a UTF-8 sequence. `s` must be valid UTF-8.
size_t Utf8PrefixLength(absl::string_view s, size_t max_bytes);

}  // namespace dateline

#endif  // DATELINE_LIB_COMMON_UTF8_H_
