#include "lib/page/date_time.h"

#include "lib/names/event_name.h"

namespace dateline::page {

bool ParseDecimal(absl::string_view text, int max_digits, int* out) {
  if (text.empty() || text.size() > static_cast<size_t>(max_digits)) {
    return false;
  }
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  *out = value;
  return true;
}

bool IsIsoDateTime(absl::string_view text) {
  if (text.size() != 19 || text[10] != ' ' || text[13] != ':' ||
      text[16] != ':') {
    return false;
  }
  int h, mi, s;
  return IsIsoDate(text.substr(0, 10)) &&
         ParseDecimal(text.substr(11, 2), 2, &h) && h <= 23 &&
         ParseDecimal(text.substr(14, 2), 2, &mi) && mi <= 59 &&
         ParseDecimal(text.substr(17, 2), 2, &s) && s <= 59;
}

}  // namespace dateline::page
