#include "lib/page/control_chars.h"

namespace dateline::page {

size_t FindForbiddenControl(absl::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsForbiddenControl(static_cast<unsigned char>(text[i]))) return i;
  }
  return text.size();
}

}  // namespace dateline::page
