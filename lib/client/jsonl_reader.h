// Reads EventSubmission objects from a JSON Lines stream (protobuf JSON
// mapping, one object per line), keeping each line's number for error reports.
#ifndef DATELINE_LIB_CLIENT_JSONL_READER_H_
#define DATELINE_LIB_CLIENT_JSONL_READER_H_

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "dateline/v1/ingest_service.pb.h"

namespace dateline::client {

// Parses one line into an EventSubmission. Unknown fields are an error. Returns
// INVALID_ARGUMENT with the JSON parser's reason when the line does not parse.
absl::StatusOr<dateline::v1::EventSubmission> ParseSubmissionLine(
    std::string_view line);

// One non-blank line of the input.
struct JsonlLine {
  int64_t line_number =
      0;  // 1-based, counting every line including blank ones.
  absl::StatusOr<dateline::v1::IngestEventRequest> request;
};

// Reads lines from `in` (not owned; must outlive the reader). Blank
// (whitespace-only) lines are skipped; a trailing '\r' is dropped. Not
// thread-safe.
class JsonlReader {
 public:
  explicit JsonlReader(std::istream* in) : in_(in) {}

  // Fills `out` with the next non-blank line and returns true; returns false at
  // the end of the input (or on a read error, see ReadError()).
  bool Next(JsonlLine* out);

  // True when reading stopped because of an I/O error rather than end of input.
  bool ReadError() const { return in_->bad(); }

 private:
  std::istream* in_;
  int64_t line_number_ = 0;
  std::string buffer_;
};

}  // namespace dateline::client

#endif  // DATELINE_LIB_CLIENT_JSONL_READER_H_
