// Archive page import: ImportPageRequest -> IngestItem (docs/archive-pages.md).
#ifndef DATELINE_SERVICES_INGEST_PAGE_IMPORT_H_
#define DATELINE_SERVICES_INGEST_PAGE_IMPORT_H_

#include "absl/status/statusor.h"
#include "dateline/v1/ingest_service.pb.h"
#include "services/ingest/ingest_item.h"

namespace dateline {

// Parses and normalizes one page. `path` gives the date and the current slug; the
// Changes list becomes the version history (earlier slugs become aliases); Related
// links become curated links, kept exactly as written.
//
// Errors: INVALID_ARGUMENT naming `path` (malformed, or disagreeing with the page's
// date line or current version) or `markdown` with the line number and what was
// expected; or as NormalizeSubmission for the page's fields.
absl::StatusOr<IngestItem> PreparePageImport(const v1::ImportPageRequest& request);

}  // namespace dateline

#endif  // DATELINE_SERVICES_INGEST_PAGE_IMPORT_H_
