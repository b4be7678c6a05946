#include "lib/page/archive_path.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "lib/names/event_name.h"
#include "lib/page/date_time.h"

namespace dateline::page {
namespace {

absl::Status PathError(absl::string_view path, absl::string_view rule) {
  // The path may hold any bytes; quote it with C escapes.
  return absl::InvalidArgumentError(
      absl::StrFormat("path \"%s\": %s", absl::CHexEscape(path), rule));
}

}  // namespace

absl::StatusOr<ArchivePath> ParseArchivePath(absl::string_view path) {
  absl::string_view rest = path;
  absl::ConsumePrefix(&rest, "/");
  if (!absl::ConsumePrefix(&rest, "news/")) {
    return PathError(path, "must start with \"news/\" or \"/news/\"");
  }
  if (!absl::ConsumeSuffix(&rest, ".md")) {
    return PathError(path, "must end with \".md\"");
  }
  const std::vector<absl::string_view> parts = absl::StrSplit(rest, '/');
  if (parts.size() != 4) {
    return PathError(path, "must have the form news/YYYY/MM/DD/{slug}.md");
  }
  int year, month, day;
  if (parts[0].size() != 4 || !ParseDecimal(parts[0], 4, &year)) {
    return PathError(path, "year must be four digits");
  }
  if (!ParseDecimal(parts[1], 2, &month)) {
    return PathError(path, "month must be one or two digits");
  }
  if (!ParseDecimal(parts[2], 2, &day)) {
    return PathError(path, "day must be one or two digits");
  }
  if (!IsCalendarDay(year, month, day)) {
    return PathError(path, "date is not a real calendar day");
  }
  if (!IsSlug(parts[3])) {
    return PathError(path,
                     "slug must match [a-z0-9]+(-[a-z0-9]+)* and have at most "
                     "140 bytes");
  }
  ArchivePath result;
  result.date = absl::StrFormat("%04d-%02d-%02d", year, month, day);
  result.slug = std::string(parts[3]);
  return result;
}

std::string FormatArchivePath(absl::string_view date, absl::string_view slug) {
  std::string dir(date);
  for (char& c : dir) {
    if (c == '-') c = '/';
  }
  return absl::StrCat("news/", dir, "/", slug, ".md");
}

}  // namespace dateline::page
