// Fuzzes normalization (lib/normalize) for crashes, sanitizer reports and these
// properties:
//   - NormalizeText accepts exactly valid UTF-8 (within the size limit); its output is
//     valid UTF-8 without control characters, leading/trailing or double spaces, and
//     normalizing it again changes nothing;
//   - DeriveSlug gives "" or a well-formed slug, and a slug is its own slug;
//   - NormalizeDate's output is a real YYYY-MM-DD day that normalizes to itself;
//   - TopicKey is idempotent; SplitTopicChain's topics are leading segments.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/strings/match.h"
#include "lib/common/utf8.h"
#include "lib/names/event_name.h"
#include "lib/normalize/date.h"
#include "lib/normalize/slug.h"
#include "lib/normalize/text.h"
#include "lib/normalize/topics.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "property violated: %s\n", what);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dateline;
  std::string in(reinterpret_cast<const char*>(data), size);

  auto text = NormalizeText(in, "f", 1 << 20);
  Check(text.ok() == IsValidUtf8(in), "NormalizeText accepts exactly valid UTF-8");
  if (text.ok()) {
    const std::string& t = *text;
    Check(IsValidUtf8(t), "normalized text is valid UTF-8");
    Check(!absl::StartsWith(t, " ") && !absl::EndsWith(t, " "), "trimmed");
    Check(t.find("  ") == std::string::npos, "no double spaces");
    for (unsigned char c : t) Check(c >= 0x20 && c != 0x7F, "no control characters");
    auto again = NormalizeText(t, "f", 1 << 20);
    Check(again.ok() && *again == t, "NormalizeText is idempotent");

    std::string slug = DeriveSlug(t);
    Check(slug.empty() || IsSlug(slug), "DeriveSlug gives a slug");
    if (!slug.empty()) Check(DeriveSlug(slug) == slug, "a slug is its own slug");

    std::string key = TopicKey(t);
    Check(TopicKey(key) == key, "TopicKey is idempotent");

    std::string rest = t;
    for (const std::string& topic : SplitTopicChain(t)) {
      Check(absl::StartsWith(rest, topic + ": "), "topics are leading segments");
      rest = rest.substr(topic.size() + 2);
    }
  }

  auto date = NormalizeDate(in, "d");
  if (date.ok()) {
    Check(IsIsoDate(*date), "NormalizeDate gives a real day");
    auto again = NormalizeDate(*date, "d");
    Check(again.ok() && *again == *date, "NormalizeDate is idempotent");
  }
  return 0;
}
