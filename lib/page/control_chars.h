// The control characters an archive page may not contain (UTF-8 validity is
// checked with lib/common/utf8.h).
#ifndef DATELINE_LIB_PAGE_CONTROL_CHARS_H_
#define DATELINE_LIB_PAGE_CONTROL_CHARS_H_

#include <cstddef>

#include "absl/strings/string_view.h"

namespace dateline::page {

// True for the bytes an archive page may not contain inside a line: the ASCII
// control characters 0x00-0x1F except TAB, and DEL (0x7F). '\n' is a control
// character here too: it only ever separates lines.
inline bool IsForbiddenControl(unsigned char c) {
  return (c < 0x20 && c != '\t') || c == 0x7F;
}

// Offset of the first forbidden control byte in `text`, or `text.size()`.
size_t FindForbiddenControl(absl::string_view text);

}  // namespace dateline::page

#endif  // DATELINE_LIB_PAGE_CONTROL_CHARS_H_
