#include "lib/normalize/date.h"

#include <cstdio>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "lib/names/event_name.h"

namespace dateline {
namespace {

bool Digits(absl::string_view s, size_t min, size_t max) {
  if (s.size() < min || s.size() > max) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

int MonthFromName(absl::string_view word) {
  static const char* kMonths[] = {"january", "february", "march",     "april",
                                  "may",     "june",     "july",      "august",
                                  "september", "october", "november", "december"};
  std::string w = absl::AsciiStrToLower(word);
  if (w.size() < 3) return 0;
  for (int m = 0; m < 12; ++m) {
    absl::string_view full = kMonths[m];
    if (w == full || (w.size() == 3 && full.substr(0, 3) == w) ||
        (w == "sept" && m == 8)) {
      return m + 1;
    }
  }
  return 0;
}

// Returns y/m/d parsed from `s` or false.
bool ParseParts(absl::string_view s, int* y, int* m, int* d) {
  // RFC 3339 timestamp: take the date part.
  if (s.size() > 10 && (s[10] == 'T' || s[10] == 't' || s[10] == ' ') &&
      Digits(s.substr(0, 4), 4, 4)) {
    s = s.substr(0, 10);
  }
  if (Digits(s, 8, 8)) {
    return absl::SimpleAtoi(s.substr(0, 4), y) && absl::SimpleAtoi(s.substr(4, 2), m) &&
           absl::SimpleAtoi(s.substr(6, 2), d);
  }
  for (char sep : {'-', '/'}) {
    std::vector<absl::string_view> p = absl::StrSplit(s, sep);
    if (p.size() == 3 && Digits(p[0], 4, 4) && Digits(p[1], 1, 2) && Digits(p[2], 1, 2)) {
      return absl::SimpleAtoi(p[0], y) && absl::SimpleAtoi(p[1], m) &&
             absl::SimpleAtoi(p[2], d);
    }
  }
  // English forms: "July 30, 2017", "Jul 30 2017", "30 July 2017".
  std::vector<absl::string_view> w =
      absl::StrSplit(s, absl::ByAnyChar(" ,"), absl::SkipEmpty());
  if (w.size() == 3 && Digits(w[2], 4, 4)) {
    int month = 0;
    absl::string_view day;
    if ((month = MonthFromName(w[0])) && Digits(w[1], 1, 2)) {
      day = w[1];
    } else if ((month = MonthFromName(w[1])) && Digits(w[0], 1, 2)) {
      day = w[0];
    } else {
      return false;
    }
    *m = month;
    return absl::SimpleAtoi(day, d) && absl::SimpleAtoi(w[2], y);
  }
  return false;
}

}  // namespace

absl::StatusOr<std::string> NormalizeDate(absl::string_view text, absl::string_view field) {
  absl::string_view s = absl::StripAsciiWhitespace(text);
  if (s.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  int y = 0, m = 0, d = 0;
  if (s.size() > 64 || !ParseParts(s, &y, &m, &d)) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": \"", absl::CHexEscape(s.substr(0, 64)),
        "\" is not a date (expected YYYY-MM-DD)"));
  }
  std::string iso = absl::StrFormat("%04d-%02d-%02d", y, m, d);
  if (y < 1 || y > 9999 || !IsIsoDate(iso)) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": \"", absl::CHexEscape(s), "\" is not a real calendar day"));
  }
  return iso;
}

}  // namespace dateline
