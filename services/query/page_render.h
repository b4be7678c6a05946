// Renders a stored event as its archive page (docs/archive-pages.md).
#ifndef DATELINE_SERVICES_QUERY_PAGE_RENDER_H_
#define DATELINE_SERVICES_QUERY_PAGE_RENDER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "dateline/v1/query_service.pb.h"
#include "lib/page/archive_page.h"
#include "lib/store/event_store.h"

namespace dateline {

// The page of `event`: its date line, headline, summary and sources; its Related
// section from `related` (curated links exactly as imported; computed ones with their
// canonical link and shared context); a Changes section when it has more than one
// version (`revisions` oldest first; consecutive revisions with the same headline and
// name are one version), each linking to the slug it had, with the archive's
// numbering quirk. Links and the date line keep the spelling the page they
// were imported from used.
page::ArchivePage BuildArchivePage(const StoredEvent& event,
                                   const std::vector<v1::EventRevision>& revisions,
                                   const std::vector<v1::RelatedEvent>& related);

// RenderEventPage's response for `event`. Errors: FAILED_PRECONDITION when the stored
// content cannot be written in the page format (e.g. a headline containing " ](").
absl::StatusOr<v1::RenderEventPageResponse> RenderEvent(
    const StoredEvent& event, const std::vector<v1::EventRevision>& revisions,
    const std::vector<v1::RelatedEvent>& related);

}  // namespace dateline

#endif  // DATELINE_SERVICES_QUERY_PAGE_RENDER_H_
