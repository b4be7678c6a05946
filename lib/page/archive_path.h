// Paths of event pages in the news archive: "news/YYYY/MM/DD/{slug}.md".
#ifndef DATELINE_LIB_PAGE_ARCHIVE_PATH_H_
#define DATELINE_LIB_PAGE_ARCHIVE_PATH_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dateline::page {

// The parts of an archive page path.
struct ArchivePath {
  std::string date;  // "YYYY-MM-DD", zero-padded, a real calendar day.
  std::string slug;  // dateline::IsSlug: [a-z0-9]+(-[a-z0-9]+)*, at most 140 bytes.
};

inline bool operator==(const ArchivePath& a, const ArchivePath& b) {
  return a.date == b.date && a.slug == b.slug;
}
inline bool operator!=(const ArchivePath& a, const ArchivePath& b) {
  return !(a == b);
}

// Parses "news/YYYY/MM/DD/{slug}.md", with or without one leading '/'. YYYY is
// four digits; MM and DD are one or two digits, so both the padded form and the
// archive's non-padded one ("/news/2017/02/9/x.md") are accepted and the
// result's date is always zero-padded ("2017-02-09"). The date must be a real
// calendar day (leap years included) and the slug must be valid (see
// dateline::IsSlug in lib/names/event_name.h).
//
// Returns INVALID_ARGUMENT, with a message that quotes `path` and names the
// broken rule, for anything else (other prefixes, extra or missing segments,
// another extension, query strings, ...).
absl::StatusOr<ArchivePath> ParseArchivePath(absl::string_view path);

// Returns "news/YYYY/MM/DD/{slug}.md" (no leading slash). `date` must be
// "YYYY-MM-DD" (as in ArchivePath::date); it is not validated: the function
// only turns its dashes into slashes. ParseArchivePath(FormatArchivePath(d, s))
// gives back {d, s} for every valid d and s.
std::string FormatArchivePath(absl::string_view date, absl::string_view slug);

}  // namespace dateline::page

#endif  // DATELINE_LIB_PAGE_ARCHIVE_PATH_H_
