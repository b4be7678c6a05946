// Resource names of Dateline (README.md "API conventions"):
//   events/{date}/{slug}
//   events/{date}/{slug}/revisions/{n}   and   .../revisions/latest
#ifndef DATELINE_LIB_NAMES_EVENT_NAME_H_
#define DATELINE_LIB_NAMES_EVENT_NAME_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dateline {

// Longest slug the slug rule can produce (a 140-byte cut).
inline constexpr size_t kMaxSlugBytes = 140;

struct EventName {
  std::string date;  // YYYY-MM-DD, a real calendar day.
  std::string slug;  // [a-z0-9]+(-[a-z0-9]+)*, at most kMaxSlugBytes.

  // "events/{date}/{slug}".
  std::string ToString() const;
  // "{date}/{slug}": the store's key suffix (a day is one prefix).
  std::string Key() const;

  friend bool operator==(const EventName& a, const EventName& b) {
    return a.date == b.date && a.slug == b.slug;
  }
  friend bool operator!=(const EventName& a, const EventName& b) { return !(a == b); }
};

struct RevisionName {
  EventName event;
  bool latest = false;   // ".../revisions/latest"
  int64_t revision = 0;  // >= 1 when !latest.
};

// True when year/month/day name a real day of the proleptic Gregorian calendar,
// year 1 to 9999 (leap years: divisible by 4, except centuries not divisible by
// 400).
bool IsCalendarDay(int year, int month, int day);

// True for YYYY-MM-DD (zero-padded ASCII digits) naming a real day of the proleptic
// Gregorian calendar, years 0001-9999 (see IsCalendarDay).
bool IsIsoDate(absl::string_view s);

// True when `s` is a well-formed slug (see EventName::slug).
bool IsSlug(absl::string_view s);

// Parses "events/{date}/{slug}". Errors: INVALID_ARGUMENT whose message names `field`
// and says what was expected.
absl::StatusOr<EventName> ParseEventName(absl::string_view name,
                                         absl::string_view field = "name");

// Parses "{date}/{slug}" (a store key suffix). Errors as ParseEventName.
absl::StatusOr<EventName> ParseEventKey(absl::string_view key);

// Parses ".../revisions/{n}" or ".../revisions/latest". Errors: INVALID_ARGUMENT.
absl::StatusOr<RevisionName> ParseRevisionName(absl::string_view name,
                                               absl::string_view field = "name");

// "events/{date}/{slug}/revisions/{n}".
std::string FormatRevisionName(const EventName& event, int64_t revision);

}  // namespace dateline

#endif  // DATELINE_LIB_NAMES_EVENT_NAME_H_
