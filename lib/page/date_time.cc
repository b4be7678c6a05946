#include "lib/page/date_time.h"

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

bool IsCalendarDay(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) {
    return false;
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

bool IsIsoDate(absl::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int y, m, d;
  return ParseDecimal(text.substr(0, 4), 4, &y) &&
         ParseDecimal(text.substr(5, 2), 2, &m) &&
         ParseDecimal(text.substr(8, 2), 2, &d) && IsCalendarDay(y, m, d);
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
