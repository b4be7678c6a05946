// Fuzzes the JSON Lines submission path: one line of bytes -> protobuf JSON parse
// (ParseSubmissionLine, what datelinectl import does per line) -> NormalizeSubmission
// (what the ingest does before deciding anything). Checks, besides crashes and
// sanitizer reports:
//   - a parse failure is INVALID_ARGUMENT starting "invalid JSON: ";
//   - a normalization failure is INVALID_ARGUMENT naming a field of "event";
//   - an accepted submission's name is a valid event name, its text fields are valid
//     UTF-8 without control characters, and normalizing the normalized content again
//     (as a submission with the same date and slug) gives the same content and name:
//     normalization is a fixed point.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/match.h"
#include "lib/client/jsonl_reader.h"
#include "lib/common/utf8.h"
#include "lib/names/event_name.h"
#include "lib/normalize/submission.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "property violated: %s\n", what);
    std::abort();
  }
}

void CheckText(const std::string& t, const char* what) {
  Check(dateline::IsValidUtf8(t), what);
  for (unsigned char c : t) Check(c >= 0x20 && c != 0x7F, what);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dateline;
  if (size > (1 << 20)) return 0;  // the client rejects larger requests unsent
  const std::string line(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<v1::EventSubmission> parsed = client::ParseSubmissionLine(line);
  if (!parsed.ok()) {
    Check(parsed.status().code() == absl::StatusCode::kInvalidArgument, "parse: INVALID_ARGUMENT");
    Check(absl::StartsWith(parsed.status().message(), "invalid JSON: "), "parse: says invalid JSON");
    return 0;
  }
  absl::StatusOr<NormalizedSubmission> n = NormalizeSubmission(*parsed);
  if (!n.ok()) {
    Check(n.status().code() == absl::StatusCode::kInvalidArgument, "normalize: INVALID_ARGUMENT");
    Check(absl::StartsWith(n.status().message(), "event"), "normalize: names a field of event");
    return 0;
  }
  const std::string name = n->name.ToString();
  Check(ParseEventName(name, "name").ok(), "the name is a valid event name");
  CheckText(n->content.headline(), "headline text");
  CheckText(n->content.summary(), "summary text");
  CheckText(n->content.category(), "category text");
  for (const std::string& t : n->content.topics()) CheckText(t, "topic text");
  for (const auto& s : n->content.sources()) CheckText(s.name(), "source name text");
  Check(n->topic_keys.size() == static_cast<size_t>(n->content.topics_size()), "topic keys");

  // Fixed point: the normalized content, submitted again, normalizes to itself.
  v1::EventSubmission again;
  again.set_date(n->name.date);
  again.set_slug(n->name.slug);
  again.set_headline(n->content.headline());
  if (n->content.has_summary()) again.set_summary(n->content.summary());
  if (n->content.has_category()) again.set_category(n->content.category());
  for (const std::string& t : n->content.topics()) again.add_topics(t);
  for (const std::string& e : n->content.entities()) again.add_entities(e);
  for (const auto& s : n->content.sources()) {
    auto* src = again.add_sources();
    src->set_name(s.name());
    if (s.has_url()) src->set_url(s.url());
  }
  for (const auto& r : n->content.related()) *again.add_related() = r;
  absl::StatusOr<NormalizedSubmission> m = NormalizeSubmission(again);
  Check(m.ok(), "normalized content is accepted again");
  Check(m->name.ToString() == name, "same name again");
  Check(m->content.SerializeAsString() == n->content.SerializeAsString(), "same content again");
  return 0;
}
