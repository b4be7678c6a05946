#include "lib/normalize/topics.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"

namespace dateline {
namespace {

constexpr size_t kMaxTopicBytes = 120;
constexpr size_t kMaxTopicWords = 15;

bool LooksLikeTopic(absl::string_view seg) {
  if (seg.empty() || seg.size() > kMaxTopicBytes) return false;
  unsigned char first = seg[0];
  if (!(absl::ascii_isupper(first) || absl::ascii_isdigit(first) || first >= 0x80)) {
    return false;
  }
  for (absl::string_view end : {". ", "? ", "! "}) {
    if (seg.find(end) != absl::string_view::npos) return false;
  }
  size_t words = 1;
  for (char c : seg) words += c == ' ';
  return words <= kMaxTopicWords;
}

// Length of the dash encoded at s[i], or 0.
size_t DashAt(absl::string_view s, size_t i) {
  if (s[i] == '-') return 1;
  if (i + 2 < s.size()) {
    unsigned char a = s[i], b = s[i + 1], c = s[i + 2];
    if (a == 0xE2 && b == 0x80 && c >= 0x90 && c <= 0x95) return 3;  // U+2010..U+2015
    if (a == 0xE2 && b == 0x88 && c == 0x92) return 3;               // U+2212 minus
  }
  return 0;
}

}  // namespace

std::vector<std::string> SplitTopicChain(absl::string_view headline) {
  std::vector<std::string> topics;
  absl::string_view rest = headline;
  while (true) {
    size_t colon = rest.find(": ");
    if (colon == absl::string_view::npos) break;
    absl::string_view seg = rest.substr(0, colon);
    absl::string_view after = rest.substr(colon + 2);
    if (!LooksLikeTopic(seg) || absl::StripAsciiWhitespace(after).empty()) break;
    topics.emplace_back(seg);
    rest = after;
  }
  return topics;
}

std::string TopicKey(absl::string_view topic) {
  std::string out;
  out.reserve(topic.size());
  bool space = false;
  for (size_t i = 0; i < topic.size(); ++i) {
    if (size_t n = DashAt(topic, i)) {
      while (!out.empty() && out.back() == ' ') out.pop_back();
      out.push_back('-');
      i += n - 1;
      space = false;
      continue;
    }
    unsigned char c = topic[i];
    if (absl::ascii_isspace(c)) {
      space = !out.empty() && out.back() != '-';
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(absl::ascii_tolower(c));
  }
  return out;
}

}  // namespace dateline
