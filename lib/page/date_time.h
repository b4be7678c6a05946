// Calendar checks for the dates and times written in archive pages and paths.
#ifndef DATELINE_LIB_PAGE_DATE_TIME_H_
#define DATELINE_LIB_PAGE_DATE_TIME_H_

#include "absl/strings/string_view.h"

namespace dateline::page {

// True when year/month/day name a real day of the proleptic Gregorian calendar,
// year 1 to 9999 (leap years: divisible by 4, except centuries not divisible by
// 400).
bool IsCalendarDay(int year, int month, int day);

// True when `text` is exactly "YYYY-MM-DD" (zero-padded ASCII digits) naming a
// real calendar day.
bool IsIsoDate(absl::string_view text);

// True when `text` is exactly "YYYY-MM-DD HH:MM:SS" with a real calendar day,
// HH 00-23, MM 00-59 and SS 00-59 (no leap seconds).
bool IsIsoDateTime(absl::string_view text);

// Parses an unsigned decimal of 1 to `max_digits` ASCII digits (leading zeros
// allowed) into `*out`. Returns false on any other input.
bool ParseDecimal(absl::string_view text, int max_digits, int* out);

}  // namespace dateline::page

#endif  // DATELINE_LIB_PAGE_DATE_TIME_H_
