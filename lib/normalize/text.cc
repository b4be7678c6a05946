#include "lib/normalize/text.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/common/utf8.h"

namespace dateline {

absl::StatusOr<std::string> NormalizeText(absl::string_view text, absl::string_view field,
                                          size_t max_bytes) {
  size_t bad = FirstInvalidUtf8(text);
  if (bad != text.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": invalid UTF-8 at byte ", bad));
  }
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = text[i];
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    // U+00A0 NO-BREAK SPACE counts as whitespace; C1 controls U+0080-U+009F are removed.
    if (c == 0xC2 && i + 1 < text.size()) {
      unsigned char d = text[i + 1];
      if (d == 0xA0) {
        space = true;
        ++i;
      } else if (d >= 0x80 && d <= 0x9F) {
        ++i;
        continue;
      }
    }
    if (space) {
      pending_space = !out.empty();
      continue;
    }
    if (c < 0x20 || c == 0x7F) continue;  // other C0 controls and DEL
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(static_cast<char>(c));
    // Copy the rest of a multi-byte sequence as is.
    if (c >= 0xC0) {
      while (i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) {
        out.push_back(text[++i]);
      }
    }
  }
  if (out.size() > max_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", out.size(),
                                                   " bytes exceeds the limit of ",
                                                   max_bytes));
  }
  return out;
}

}  // namespace dateline
