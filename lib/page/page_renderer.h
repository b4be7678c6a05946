// Writes an ArchivePage as archive markdown (docs/archive-pages.md).
#ifndef DATELINE_LIB_PAGE_PAGE_RENDERER_H_
#define DATELINE_LIB_PAGE_PAGE_RENDERER_H_

#include <string>

#include "lib/page/archive_page.h"

namespace dateline::page {

// Returns the markdown of `page`, the exact inverse of ParsePage:
//   - for every `bytes` that ParsePage accepts,
//     RenderPage(*ParsePage(bytes)) == bytes, byte for byte;
//   - for every `page` with ValidatePage(page).ok(),
//     ParsePage(RenderPage(page)) == page.
// Empty lists and an empty summary are left out together with their headers
// and blank lines. List numbers are derived, never stored: Source and Related
// count 1..n; Changes count 1.. over the dated entries and the current entry
// repeats the previous number (it is "1." when it is the only entry).
//
// Pure function: safe to call from any thread. Never fails; for a page that
// ValidatePage rejects the output is still produced from the fields as given
// but may not parse back equal.
std::string RenderPage(const ArchivePage& page);

}  // namespace dateline::page

#endif  // DATELINE_LIB_PAGE_PAGE_RENDERER_H_
