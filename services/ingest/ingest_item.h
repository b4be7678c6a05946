// IngestItem: one validated submission on its way into the store, as the gRPC
// adapters prepare it (Ingestor::Prepare, PreparePageImport).
#ifndef DATELINE_SERVICES_INGEST_INGEST_ITEM_H_
#define DATELINE_SERVICES_INGEST_INGEST_ITEM_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "dateline/storage/v1/storage.pb.h"
#include "lib/names/event_name.h"
#include "lib/normalize/submission.h"

namespace dateline {

// Earlier versions of an event as an archive page lists them (oldest first; the last
// entry is the current version and matches the submission).
struct VersionHistory {
  struct Version {
    std::string headline;
    EventName name;                  // the slug (and date) the version had
    std::optional<absl::Time> time;  // absent for the current version
  };
  std::vector<Version> versions;
};

// What to ingest: a normalized submission, optionally with the history an archive
// page gives, and an idempotency key.
struct IngestItem {
  NormalizedSubmission submission;
  std::optional<VersionHistory> history;
  // True for archive pages: fields the page format cannot carry (category, topics,
  // entities) are kept from the stored event instead of being cleared.
  bool from_page = false;
  // Archive pages only: the page's layout details. They replace the stored ones
  // (an empty PageExtras clears them); absent for other submissions, which keep them.
  std::optional<storage::v1::PageExtras> page_extras;
  std::string request_id;
};

}  // namespace dateline

#endif  // DATELINE_SERVICES_INGEST_INGEST_ITEM_H_
