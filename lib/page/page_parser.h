// Reads one news archive event page (docs/archive-pages.md) into an
// ArchivePage.
#ifndef DATELINE_LIB_PAGE_PAGE_PARSER_H_
#define DATELINE_LIB_PAGE_PAGE_PARSER_H_

#include <cstddef>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "lib/page/archive_page.h"

namespace dateline::page {

// Largest page ParsePage accepts, in bytes (1 MiB).
inline constexpr size_t kMaxPageBytes = 1 << 20;

// Parses the markdown of one archive page. The parser is strict: it accepts
// exactly the pages RenderPage writes, so RenderPage(*ParsePage(b)) == b for
// every accepted `b`, and the result always passes ValidatePage. Optional parts
// (summary, "### Source:", "### Related:", "### Changes:") may be missing;
// those present must be well formed and in that order.
//
// Errors, all INVALID_ARGUMENT:
//   - `markdown` longer than kMaxPageBytes: "page is N bytes, more than ...";
//   - anything malformed: the message starts with "line N: " (1-based) and says
//     what was expected there, e.g.
//     `line 3: expected "# {headline} " (H1, with a trailing space) after the
//     date line`. This covers NUL and other control bytes, invalid UTF-8, a
//     missing final newline (truncated page), a date line whose link names
//     another day, misnumbered items, Changes entries without a time, ...
//
// Does not check the page against the path it was read from; see
// CheckPageMatchesPath. Pure function: safe to call from any thread.
absl::StatusOr<ArchivePage> ParsePage(absl::string_view markdown);

// Returns OK when `path` (see ParseArchivePath) names the day `page.date`.
// Otherwise INVALID_ARGUMENT: the path's own error, or one naming both dates.
absl::Status CheckPageMatchesPath(const ArchivePage& page,
                                  absl::string_view path);

}  // namespace dateline::page

#endif  // DATELINE_LIB_PAGE_PAGE_PARSER_H_
