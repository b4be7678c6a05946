#include "services/query/page_render.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "lib/page/archive_path.h"
#include "lib/page/page_renderer.h"

namespace dateline {
namespace {

std::string CanonicalLink(absl::string_view date, absl::string_view slug) {
  return absl::StrCat("/", page::FormatArchivePath(date, slug));
}

std::string FormatObserveTime(const google::protobuf::Timestamp& ts) {
  absl::Time t = absl::FromUnixSeconds(ts.seconds());
  return absl::FormatTime("%Y-%m-%d %H:%M:%S", t, absl::UTCTimeZone());
}

}  // namespace

page::ArchivePage BuildArchivePage(const StoredEvent& stored,
                                   const std::vector<v1::EventRevision>& revisions,
                                   const std::vector<v1::RelatedEvent>& related) {
  const v1::Event& e = stored.event();
  page::ArchivePage pg;
  pg.date = e.date();
  if (stored.page().has_date_link()) pg.date_link = stored.page().date_link();
  pg.headline = e.headline();
  pg.summary = e.summary();
  for (const v1::Source& s : e.sources()) pg.sources.push_back({s.name(), s.url()});

  bool any_curated = false;
  for (const v1::RelatedLink& link : e.related()) {
    any_curated = true;
    pg.related.push_back({link.headline(), link.link(), absl::StrJoin(link.context(), ", ")});
  }
  if (!any_curated) {
    for (const v1::RelatedEvent& r : related) {
      if (r.curated()) continue;
      absl::StatusOr<EventName> name = ParseEventName(r.name());
      if (!name.ok()) continue;
      pg.related.push_back({r.headline(), CanonicalLink(name->date, name->slug),
                            absl::StrJoin(r.context(), ", ")});
    }
  }

  // One Changes entry per version: consecutive revisions with the same headline and
  // name (re-observations, content-only edits) are one version, shown with the time
  // it first appeared.
  std::vector<const v1::EventRevision*> versions;
  for (const v1::EventRevision& rev : revisions) {
    if (!versions.empty() && versions.back()->headline() == rev.headline() &&
        versions.back()->date() == rev.date() && versions.back()->slug() == rev.slug()) {
      continue;
    }
    versions.push_back(&rev);
  }
  if (versions.size() > 1) {
    const auto& links = stored.page().change_links();
    for (size_t i = 0; i < versions.size(); ++i) {
      const v1::EventRevision& rev = *versions[i];
      page::PageChange c;
      c.headline = rev.headline();
      c.link = CanonicalLink(rev.date(), rev.slug());
      if (static_cast<int>(i) < links.size()) {
        absl::StatusOr<page::ArchivePath> p = page::ParseArchivePath(links[i]);
        if (p.ok() && p->date == rev.date() && p->slug == rev.slug()) c.link = links[i];
      }
      if (i + 1 == versions.size()) {
        c.kind = page::ChangeKind::kCurrent;
      } else {
        c.kind = i == 0 ? page::ChangeKind::kFirst : page::ChangeKind::kUpdate;
        c.time = FormatObserveTime(rev.observe_time());
      }
      pg.changes.push_back(std::move(c));
    }
  }
  return pg;
}

absl::StatusOr<v1::RenderEventPageResponse> RenderEvent(
    const StoredEvent& event, const std::vector<v1::EventRevision>& revisions,
    const std::vector<v1::RelatedEvent>& related) {
  page::ArchivePage pg = BuildArchivePage(event, revisions, related);
  absl::Status valid = page::ValidatePage(pg);
  if (!valid.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "name: ", event.event().name(), " cannot be written as an archive page: ",
        valid.message()));
  }
  v1::RenderEventPageResponse response;
  response.set_path(page::FormatArchivePath(event.event().date(), event.event().slug()));
  response.set_markdown(page::RenderPage(pg));
  return response;
}

}  // namespace dateline
