#include "lib/client/jsonl_reader.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace dateline::client {

absl::StatusOr<dateline::v1::EventSubmission> ParseSubmissionLine(
    std::string_view line) {
  dateline::v1::EventSubmission submission;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(line.data(), line.size()), &submission,
      options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid JSON: ", std::string(status.message())));
  }
  return submission;
}

bool JsonlReader::Next(JsonlLine* out) {
  while (std::getline(*in_, buffer_)) {
    ++line_number_;
    if (!buffer_.empty() && buffer_.back() == '\r') buffer_.pop_back();
    if (absl::StripAsciiWhitespace(buffer_).empty()) continue;
    out->line_number = line_number_;
    auto submission = ParseSubmissionLine(buffer_);
    if (!submission.ok()) {
      out->request = submission.status();
    } else {
      dateline::v1::IngestEventRequest request;
      *request.mutable_event() = *std::move(submission);
      out->request = std::move(request);
    }
    return true;
  }
  return false;
}

}  // namespace dateline::client
