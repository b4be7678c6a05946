#include "lib/page/utf8.h"

namespace dateline::page {

size_t FindInvalidUtf8(absl::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // Range of the second byte.
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // No overlong 3-byte forms.
      if (c == 0xED) hi = 0x9F;  // No UTF-16 surrogates.
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // No overlong 4-byte forms.
      if (c == 0xF4) hi = 0x8F;  // Nothing above U+10FFFF.
    } else {
      return i;  // Continuation byte, overlong lead (C0, C1) or F5..FF.
    }
    if (n - i < len) return i;
    if (s[i + 1] < lo || s[i + 1] > hi) return i;
    for (size_t k = 2; k < len; ++k) {
      if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
    }
    i += len;
  }
  return n;
}

size_t FindForbiddenControl(absl::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsForbiddenControl(static_cast<unsigned char>(text[i]))) return i;
  }
  return text.size();
}

}  // namespace dateline::page
