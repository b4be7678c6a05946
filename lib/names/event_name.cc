#include "lib/names/event_name.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace dateline {
namespace {

bool AllDigits(absl::string_view s) {
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return !s.empty();
}

absl::Status BadName(absl::string_view field, absl::string_view name,
                     absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": \"", absl::CHexEscape(name.substr(0, 200)),
                   "\" is not an event name (expected events/{YYYY-MM-DD}/{slug}): ",
                   why));
}

}  // namespace

std::string EventName::ToString() const { return absl::StrCat("events/", date, "/", slug); }
std::string EventName::Key() const { return absl::StrCat(date, "/", slug); }

bool IsCalendarDay(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= days;
}

bool IsIsoDate(absl::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  int y, m, d;
  if (!AllDigits(s.substr(0, 4)) || !AllDigits(s.substr(5, 2)) ||
      !AllDigits(s.substr(8, 2)))
    return false;
  if (!absl::SimpleAtoi(s.substr(0, 4), &y) || !absl::SimpleAtoi(s.substr(5, 2), &m) ||
      !absl::SimpleAtoi(s.substr(8, 2), &d))
    return false;
  return IsCalendarDay(y, m, d);
}

bool IsSlug(absl::string_view s) {
  if (s.empty() || s.size() > kMaxSlugBytes || s.front() == '-' || s.back() == '-')
    return false;
  char prev = 0;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && prev == '-')) return false;
    prev = c;
  }
  return true;
}

absl::StatusOr<EventName> ParseEventKey(absl::string_view key) {
  std::vector<absl::string_view> parts = absl::StrSplit(key, '/');
  if (parts.size() != 2) return BadName("key", key, "wrong number of segments");
  if (!IsIsoDate(parts[0])) return BadName("key", key, "date is not a real YYYY-MM-DD day");
  if (!IsSlug(parts[1])) return BadName("key", key, "slug must match [a-z0-9]+(-[a-z0-9]+)*");
  return EventName{std::string(parts[0]), std::string(parts[1])};
}

absl::StatusOr<EventName> ParseEventName(absl::string_view name,
                                         absl::string_view field) {
  if (name.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  }
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() != 3 || parts[0] != "events") {
    return BadName(field, name, "wrong collection or number of segments");
  }
  if (!IsIsoDate(parts[1])) {
    return BadName(field, name, "date is not a real YYYY-MM-DD day");
  }
  if (!IsSlug(parts[2])) {
    return BadName(field, name,
                   "slug must match [a-z0-9]+(-[a-z0-9]+)* and be at most 140 bytes");
  }
  return EventName{std::string(parts[1]), std::string(parts[2])};
}

absl::StatusOr<RevisionName> ParseRevisionName(absl::string_view name,
                                               absl::string_view field) {
  size_t pos = name.rfind("/revisions/");
  if (pos == absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": \"", absl::CHexEscape(name.substr(0, 200)),
        "\" is not a revision name (expected events/{date}/{slug}/revisions/{n|latest})"));
  }
  absl::StatusOr<EventName> event = ParseEventName(name.substr(0, pos), field);
  if (!event.ok()) return event.status();
  RevisionName out;
  out.event = *std::move(event);
  absl::string_view rev = name.substr(pos + strlen("/revisions/"));
  if (rev == "latest") {
    out.latest = true;
    return out;
  }
  if (!AllDigits(rev) || !absl::SimpleAtoi(rev, &out.revision) || out.revision < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": revision \"", absl::CHexEscape(rev.substr(0, 40)),
                     "\" must be a positive integer or \"latest\""));
  }
  return out;
}

std::string FormatRevisionName(const EventName& event, int64_t revision) {
  return absl::StrCat(event.ToString(), "/revisions/", revision);
}

}  // namespace dateline
