#include "services/ingest/page_import.h"

#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "lib/common/status_macros.h"
#include "lib/page/archive_path.h"
#include "lib/page/page_parser.h"

namespace dateline {
namespace {

absl::Status Prefixed(absl::string_view field, const absl::Status& st) {
  if (absl::StartsWith(st.message(), field)) return st;
  return absl::Status(st.code(), absl::StrCat(field, ": ", st.message()));
}

absl::StatusOr<EventName> NameOfLink(absl::string_view link, absl::string_view field) {
  absl::StatusOr<page::ArchivePath> p = page::ParseArchivePath(link);
  if (!p.ok()) return Prefixed(field, p.status());
  return EventName{p->date, p->slug};
}

}  // namespace

absl::StatusOr<IngestItem> PreparePageImport(const v1::ImportPageRequest& request) {
  absl::StatusOr<page::ArchivePath> path = page::ParseArchivePath(request.path());
  if (!path.ok()) return Prefixed("path", path.status());
  absl::StatusOr<page::ArchivePage> parsed = page::ParsePage(request.markdown());
  if (!parsed.ok()) return Prefixed("markdown", parsed.status());
  const page::ArchivePage& pg = *parsed;
  DL_RETURN_IF_ERROR(Prefixed("path", page::CheckPageMatchesPath(pg, request.path())));

  v1::EventSubmission sub;
  sub.set_date(path->date);
  sub.set_slug(path->slug);
  sub.set_headline(pg.headline);
  sub.set_summary(pg.summary);
  for (const page::PageSource& s : pg.sources) {
    v1::Source* out = sub.add_sources();
    out->set_name(s.outlet);
    out->set_url(s.url);
  }
  IngestItem item;
  item.request_id = request.request_id();
  item.from_page = true;
  DL_ASSIGN_OR_RETURN(item.submission, NormalizeSubmission(sub, "markdown"));

  // Related links are kept exactly as the page writes them (they render back byte for
  // byte); their targets resolve through aliases when read.
  for (size_t i = 0; i < pg.related.size(); ++i) {
    const page::PageRelated& r = pg.related[i];
    std::string field = absl::StrCat("markdown: Related item ", i + 1);
    DL_ASSIGN_OR_RETURN(EventName target, NameOfLink(r.link, field));
    v1::RelatedLink* link = item.submission.content.add_related();
    link->set_name(target.ToString());
    link->set_headline(r.headline);
    link->set_link(r.link);
    for (absl::string_view c : absl::StrSplit(r.context, ", ")) link->add_context(std::string(c));
  }

  storage::v1::PageExtras extras;
  if (!pg.date_link.empty()) extras.set_date_link(pg.date_link);
  if (!pg.changes.empty()) {
    VersionHistory history;
    for (size_t i = 0; i < pg.changes.size(); ++i) {
      const page::PageChange& c = pg.changes[i];
      std::string field = absl::StrCat("markdown: Changes item ", i + 1);
      VersionHistory::Version v;
      v.headline = c.headline;
      DL_ASSIGN_OR_RETURN(v.name, NameOfLink(c.link, field));
      if (c.kind != page::ChangeKind::kCurrent) {
        absl::Time t;
        std::string err;
        if (!absl::ParseTime("%Y-%m-%d %H:%M:%S", c.time, absl::UTCTimeZone(), &t, &err)) {
          return absl::InvalidArgumentError(
              absl::StrCat(field, ": bad time \"", c.time, "\": ", err));
        }
        v.time = t;
      } else if (v.name != item.submission.name) {
        return absl::InvalidArgumentError(absl::StrCat(
            field, ": the current version links to ", v.name.ToString(),
            " but the path names ", item.submission.name.ToString()));
      }
      extras.add_change_links(c.link);
      history.versions.push_back(std::move(v));
    }
    item.history = std::move(history);
  }
  // Always set, empty or not: the page's layout replaces what an earlier import stored.
  item.page_extras = std::move(extras);
  return item;
}

}  // namespace dateline
