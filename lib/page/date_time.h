// Date-time checks for the times written in archive pages and paths. Calendar
// days and "YYYY-MM-DD" dates: dateline::IsCalendarDay and dateline::IsIsoDate
// (lib/names/event_name.h).
#ifndef DATELINE_LIB_PAGE_DATE_TIME_H_
#define DATELINE_LIB_PAGE_DATE_TIME_H_

#include "absl/strings/string_view.h"

namespace dateline::page {

// True when `text` is exactly "YYYY-MM-DD HH:MM:SS" with a real calendar day
// (dateline::IsIsoDate), HH 00-23, MM 00-59 and SS 00-59 (no leap seconds).
bool IsIsoDateTime(absl::string_view text);

// Parses an unsigned decimal of 1 to `max_digits` ASCII digits (leading zeros
// allowed) into `*out`. Returns false on any other input.
bool ParseDecimal(absl::string_view text, int max_digits, int* out);

}  // namespace dateline::page

#endif  // DATELINE_LIB_PAGE_DATE_TIME_H_
