#include "tools/datelinectl/import_summary.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "lib/client/grpc_status.h"

namespace dateline::ctl {

void ImportSummary::AddRead(int64_t n) {
  absl::MutexLock lock(&mu_);
  counts_.total += n;
}

void ImportSummary::AddOutcome(
    dateline::v1::IngestEventResponse::Outcome outcome, const std::string& file,
    int64_t line) {
  using dateline::v1::IngestEventResponse;
  switch (outcome) {
    case IngestEventResponse::CREATED: {
      absl::MutexLock lock(&mu_);
      ++counts_.created;
      return;
    }
    case IngestEventResponse::UPDATED: {
      absl::MutexLock lock(&mu_);
      ++counts_.updated;
      return;
    }
    case IngestEventResponse::UNCHANGED: {
      absl::MutexLock lock(&mu_);
      ++counts_.unchanged;
      return;
    }
    default:
      AddRejection(file, line,
                   absl::UnknownError(absl::StrCat(
                       "server returned no outcome (",
                       static_cast<int>(outcome), ") and no error")));
  }
}

void ImportSummary::AddRejection(std::string file, int64_t line,
                                 absl::Status status) {
  absl::MutexLock lock(&mu_);
  ++counts_.rejected;
  rejections_.push_back(Rejection{std::move(file), line, std::move(status)});
}

ImportSummary::Counts ImportSummary::counts() const {
  absl::MutexLock lock(&mu_);
  return counts_;
}

int64_t ImportSummary::done() const {
  absl::MutexLock lock(&mu_);
  return counts_.created + counts_.updated + counts_.unchanged +
         counts_.rejected;
}

std::string ImportSummary::Format() const {
  absl::MutexLock lock(&mu_);
  std::string out =
      absl::StrCat("created ", counts_.created, ", updated ", counts_.updated,
                   ", unchanged ", counts_.unchanged, ", rejected ",
                   counts_.rejected, " (total ", counts_.total, ")\n");
  std::vector<const Rejection*> sorted;
  sorted.reserve(rejections_.size());
  for (const Rejection& r : rejections_) sorted.push_back(&r);
  std::stable_sort(
      sorted.begin(), sorted.end(), [](const Rejection* a, const Rejection* b) {
        return std::tie(a->file, a->line) < std::tie(b->file, b->line);
      });
  for (const Rejection* r : sorted) {
    // One rejection per output line, whatever the server's message contains.
    std::string message = absl::StrReplaceAll(client::FormatStatus(r->status),
                                              {{"\r", " "}, {"\n", " "}});
    if (r->line > 0) {
      absl::StrAppend(&out, r->file, ":", r->line, ": ", message, "\n");
    } else {
      absl::StrAppend(&out, r->file, ": ", message, "\n");
    }
  }
  return out;
}

}  // namespace dateline::ctl
