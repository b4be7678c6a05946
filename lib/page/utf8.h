// Byte-level text checks shared by the archive page parser and validator.
#ifndef DATELINE_LIB_PAGE_UTF8_H_
#define DATELINE_LIB_PAGE_UTF8_H_

#include <cstddef>

#include "absl/strings/string_view.h"

namespace dateline::page {

// Returns the byte offset of the first byte of `text` that does not start a
// well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF), or `text.size()` when all of `text` is valid UTF-8.
size_t FindInvalidUtf8(absl::string_view text);

// True when `text` is valid UTF-8 (see FindInvalidUtf8).
inline bool IsValidUtf8(absl::string_view text) {
  return FindInvalidUtf8(text) == text.size();
}

// True for the bytes an archive page may not contain inside a line: the ASCII
// control characters 0x00-0x1F except TAB, and DEL (0x7F). '\n' is a control
// character here too: it only ever separates lines.
inline bool IsForbiddenControl(unsigned char c) {
  return (c < 0x20 && c != '\t') || c == 0x7F;
}

// Offset of the first forbidden control byte in `text`, or `text.size()`.
size_t FindForbiddenControl(absl::string_view text);

}  // namespace dateline::page

#endif  // DATELINE_LIB_PAGE_UTF8_H_
