// Counts the outcomes of an import and formats the final report.
#ifndef DATELINE_TOOLS_DATELINECTL_IMPORT_SUMMARY_H_
#define DATELINE_TOOLS_DATELINECTL_IMPORT_SUMMARY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "dateline/v1/ingest_service.pb.h"

namespace dateline::ctl {

// One item the import did not store.
struct Rejection {
  std::string file;
  int64_t line =
      0;  // 1-based line of a .jsonl file; 0 for a page (whole file).
  absl::Status status;
};

// Thread-safe accumulator of import results. Every item read is counted once
// with AddRead(); each then ends as exactly one outcome or one rejection, so
// after a complete import created + updated + unchanged + rejected == total.
class ImportSummary {
 public:
  struct Counts {
    int64_t created = 0;
    int64_t updated = 0;
    int64_t unchanged = 0;
    int64_t rejected = 0;
    int64_t total = 0;  // items (lines or pages) read
  };

  void AddRead(int64_t n = 1);
  // Counts a stored item. An OUTCOME_UNSPECIFIED answer is recorded as a
  // rejection of `file`:`line` (the server did not say what it did).
  void AddOutcome(dateline::v1::IngestEventResponse::Outcome outcome,
                  const std::string& file, int64_t line);
  void AddRejection(std::string file, int64_t line, absl::Status status);

  Counts counts() const;
  // Items that got an outcome or a rejection.
  int64_t done() const;

  // `created C, updated U, unchanged N, rejected R (total T)\n`, then one line
  // per rejection, sorted by file then line: `FILE:LINE: CODE: message` (pages:
  // `FILE: CODE: message`).
  std::string Format() const;

 private:
  mutable absl::Mutex mu_;
  Counts counts_ ABSL_GUARDED_BY(mu_);
  std::vector<Rejection> rejections_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dateline::ctl

#endif  // DATELINE_TOOLS_DATELINECTL_IMPORT_SUMMARY_H_
