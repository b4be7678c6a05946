// Topic chains and topic keys (FORMAT.md "Normalization").
#ifndef DATELINE_LIB_NORMALIZE_TOPICS_H_
#define DATELINE_LIB_NORMALIZE_TOPICS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace dateline {

// Splits the leading "Topic: " segments off a normalized headline, outermost first:
// "Battle of Aleppo: Aleppo offensive (November-December 2016): Russia ..." gives
// {"Battle of Aleppo", "Aleppo offensive (November-December 2016)"}. A segment counts
// as a topic when it is followed by ": ", is at most 120 bytes and 15 words, starts
// with an uppercase letter or digit, contains no sentence end (". ", "? ", "! ") and
// something non-empty follows the chain. The headline itself is not changed.
std::vector<std::string> SplitTopicChain(absl::string_view headline);

// The key topics are matched by: ASCII case-folded, every dash (- U+2010..U+2015,
// U+2212) made '-', spaces around dashes removed, whitespace collapsed, trimmed. So
// "Russia–United States relations" and "russia - united states Relations" share a key.
std::string TopicKey(absl::string_view topic);

}  // namespace dateline

#endif  // DATELINE_LIB_NORMALIZE_TOPICS_H_
