#include "lib/page/page_renderer.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace dateline::page {

std::string RenderPage(const ArchivePage& page) {
  std::string out;
  absl::StrAppend(
      &out, "### [", page.date, "](",
      page.date_link.empty() ? CanonicalDateLink(page.date) : page.date_link,
      ")\n\n# ", page.headline, " \n");
  // Blocks are separated by one blank line; the summary by two from what
  // follows it. Nothing follows the last block.
  absl::string_view separator = "\n";
  if (!page.summary.empty()) {
    absl::StrAppend(&out, separator, page.summary, "\n");
    separator = "\n\n";
  }
  auto begin_section = [&](absl::string_view header) {
    absl::StrAppend(&out, separator, header, "\n\n");
    separator = "\n";
  };

  if (!page.sources.empty()) {
    begin_section("### Source:");
    int n = 0;
    for (const PageSource& s : page.sources) {
      if (s.url.empty()) {
        absl::StrAppend(&out, ++n, ". ", s.outlet, "\n");
      } else {
        absl::StrAppend(&out, ++n, ". [", s.outlet, "](", s.url, ")\n");
      }
    }
  }
  if (!page.related.empty()) {
    begin_section("### Related:");
    int n = 0;
    for (const PageRelated& r : page.related) {
      absl::StrAppend(&out, ++n, ". [", r.headline, " ](", r.link,
                      ") _Context: ", r.context, "_\n");
    }
  }
  if (!page.changes.empty()) {
    begin_section("### Changes:");
    int dated = 0;
    for (const PageChange& c : page.changes) {
      if (c.kind == ChangeKind::kCurrent) {
        absl::StrAppend(&out, std::max(dated, 1), ". [", c.headline, " ](",
                        c.link, ") _(", ChangeKindLabel(c.kind), ")_\n");
      } else {
        absl::StrAppend(&out, ++dated, ". [", c.headline, " ](", c.link, ") _",
                        c.time, " (", ChangeKindLabel(c.kind), ")_\n");
      }
    }
  }
  return out;
}

}  // namespace dateline::page
