// The structured form of one news archive event page (docs/archive-pages.md).
//
// ParsePage (page_parser.h) fills an ArchivePage from markdown; RenderPage
// (page_renderer.h) writes it back byte for byte. ValidatePage states which
// values RenderPage can write so that ParsePage reads them back equal.
#ifndef DATELINE_LIB_PAGE_ARCHIVE_PAGE_H_
#define DATELINE_LIB_PAGE_ARCHIVE_PAGE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace dateline::page {

// One "### Source:" item: `N. [{outlet}]({url})`, or `N. {outlet}` for an outlet
// cited without a link (the portal cites many so; the seeds have none).
struct PageSource {
  std::string outlet;  // Non-empty; never contains "](". Unlinked: no leading '['.
  std::string url;     // As written (not checked to be a URL); empty: no link.
};

// One "### Related:" item:
// `N. [{headline} ]({link}) _Context: {context}_`.
struct PageRelated {
  std::string headline;  // Without the format's trailing space.
  std::string link;      // Exactly as written, e.g. "/news/2017/02/9/slug.md";
                         // always accepted by ParseArchivePath.
  std::string context;   // Raw text between "_Context: " and the closing "_",
                         // byte-exact (may start with a space, may be empty).
};

enum class ChangeKind {
  kFirst,    // "_YYYY-MM-DD HH:MM:SS (First version)_"
  kUpdate,   // "_YYYY-MM-DD HH:MM:SS (Update)_"
  kCurrent,  // "_(Current version)_"
};

// One "### Changes:" item: `N. [{headline} ]({link}) _{time} ({kind})_`.
struct PageChange {
  std::string headline;  // Without the format's trailing space.
  std::string link;      // Exactly as written; accepted by ParseArchivePath.
  std::string time;      // "YYYY-MM-DD HH:MM:SS"; empty for kCurrent.
  ChangeKind kind = ChangeKind::kCurrent;
};

struct ArchivePage {
  // "YYYY-MM-DD", from the "### [date](/news/Y/M/D/index.md)" line.
  std::string date;
  // The date line's link when it is not the canonical
  // "/news/YYYY/MM/DD/index.md" (e.g. the archive's non-padded
  // "/news/2017/02/9/index.md"); empty for the canonical link. It always names
  // the same day as `date`.
  std::string date_link;
  std::string headline;  // Non-empty; without the format's trailing space.
  std::string summary;   // One line; empty when the page has no summary.
  std::vector<PageSource> sources;   // "### Source:", omitted when empty.
  std::vector<PageRelated> related;  // "### Related:", omitted when empty.
  // "### Changes:", the version history oldest first, omitted when empty. When
  // present: exactly one kCurrent entry, the last; kFirst only as the first.
  std::vector<PageChange> changes;
};

bool operator==(const PageSource& a, const PageSource& b);
bool operator==(const PageRelated& a, const PageRelated& b);
bool operator==(const PageChange& a, const PageChange& b);
bool operator==(const ArchivePage& a, const ArchivePage& b);
inline bool operator!=(const ArchivePage& a, const ArchivePage& b) {
  return !(a == b);
}

// "First version", "Update" or "Current version": the words the page uses.
absl::string_view ChangeKindLabel(ChangeKind kind);

// The canonical date line link for `date` ("YYYY-MM-DD"):
// "/news/YYYY/MM/DD/index.md".
std::string CanonicalDateLink(absl::string_view date);

// Returns OK when RenderPage(page) is accepted by ParsePage and parses back to
// a page equal to `page`: every field meets the constraint documented above,
// all text is valid UTF-8 without control characters other than TAB, headlines
// never contain " ](" (it ends the link text), the summary is not a section
// header line, and the Changes kinds are in order. Otherwise INVALID_ARGUMENT
// naming the first offending field, e.g. "related[2].link: ...".
absl::Status ValidatePage(const ArchivePage& page);

}  // namespace dateline::page

#endif  // DATELINE_LIB_PAGE_ARCHIVE_PAGE_H_
