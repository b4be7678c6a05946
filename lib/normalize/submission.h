// Normalization of a whole EventSubmission (docs/normalization.md).
#ifndef DATELINE_LIB_NORMALIZE_SUBMISSION_H_
#define DATELINE_LIB_NORMALIZE_SUBMISSION_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "dateline/v1/resources.pb.h"
#include "lib/names/event_name.h"

namespace dateline {

// Size limits on normalized fields (bytes / counts).
struct SubmissionLimits {
  size_t headline_bytes = 8 * 1024;
  size_t summary_bytes = 64 * 1024;
  size_t short_text_bytes = 512;  // category, topics, entities, context
  int max_list = 256;             // topics, entities, sources, related
};

struct NormalizedSubmission {
  // Date and slug (the given slug, or the one derived from the headline).
  EventName name;
  // Content fields only: headline, summary, category, topics, sources, entities,
  // related. Identity fields (name, uid, revision, times) are left unset.
  v1::Event content;
  std::vector<std::string> topic_keys;   // parallel to content.topics()
  std::vector<std::string> entity_keys;  // parallel to content.entities()
  std::optional<EventName> revises;
  std::optional<absl::Time> observe_time;
};

// Normalizes `submission`; `field` prefixes field names in errors ("event").
// Errors: INVALID_ARGUMENT naming the field and the rule (invalid UTF-8, impossible
// date, empty headline, bad slug, bad URL, malformed revises/related names, bad
// observe_time, size limits).
absl::StatusOr<NormalizedSubmission> NormalizeSubmission(
    const v1::EventSubmission& submission, absl::string_view field = "event",
    const SubmissionLimits& limits = SubmissionLimits());

}  // namespace dateline

#endif  // DATELINE_LIB_NORMALIZE_SUBMISSION_H_
