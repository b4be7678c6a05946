// `datelinectl import`: sends .jsonl files and archive pages to the ingest
// service.
#ifndef DATELINE_TOOLS_DATELINECTL_IMPORTER_H_
#define DATELINE_TOOLS_DATELINECTL_IMPORTER_H_

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "dateline/v1/ingest_service.grpc.pb.h"
#include "tools/datelinectl/import_summary.h"
#include "tools/datelinectl/page_files.h"
#include "tools/datelinectl/progress.h"

namespace dateline::ctl {

struct ImportOptions {
  // Unanswered requests per IngestEvents stream.
  int window = 256;
  // ImportPage calls in flight.
  int page_concurrency = 4;
  // Deadline of each ImportPage call (streams have none: they last as long as
  // the file).
  absl::Duration page_timeout = absl::Seconds(30);
  // Lines whose encoded request is larger are rejected (RESOURCE_EXHAUSTED)
  // without being sent: one oversize message would fail the whole stream.
  int64_t max_request_bytes = 1 << 20;
};

// One input of an import, in command-line order.
struct ImportInput {
  enum class Kind { kJsonl, kPages };
  Kind kind;
  std::string file;  // kJsonl: the .jsonl file
  std::vector<PageFile>
      pages;  // kPages: the pages of a directory or .md argument
};

// Classifies the command-line operands: `*.jsonl` files, directories (searched
// for pages) and `*.md` pages. INVALID_ARGUMENT / NOT_FOUND naming the operand
// otherwise.
absl::StatusOr<std::vector<ImportInput>> PlanImport(
    const std::vector<std::string>& operands);

// Streams the lines of `in` through one IngestEvents stream. A line that is not
// a valid EventSubmission is a rejection and is never sent; so is a line over
// max_request_bytes. Rejections are reported as `name`:line. Returns OK when
// the stream completed (whatever was rejected); the stream's error otherwise
// (transport failures: the import should stop).
absl::Status ImportJsonl(dateline::v1::IngestService::StubInterface* stub,
                         std::istream* in, const std::string& name,
                         const ImportOptions& options, ImportSummary* summary,
                         ProgressMeter* progress);

// As above, reading `file`. NOT_FOUND / PERMISSION_DENIED when it cannot be
// opened.
absl::Status ImportJsonlFile(dateline::v1::IngestService::StubInterface* stub,
                             const std::string& file,
                             const ImportOptions& options,
                             ImportSummary* summary, ProgressMeter* progress);

// Sends every page through ImportPage, page_concurrency at a time. A page the
// server refuses (INVALID_ARGUMENT, ...) or that cannot be read is a rejection;
// a transport failure (UNAVAILABLE, DEADLINE_EXCEEDED, ...) stops the import
// and is returned.
absl::Status ImportPages(dateline::v1::IngestService::StubInterface* stub,
                         const std::vector<PageFile>& pages,
                         const ImportOptions& options, ImportSummary* summary,
                         ProgressMeter* progress);

}  // namespace dateline::ctl

#endif  // DATELINE_TOOLS_DATELINECTL_IMPORTER_H_
