#include "lib/common/utf8.h"

#include <string>

#include "gtest/gtest.h"

namespace dateline {
namespace {

struct Utf8Case {
  const char* name;
  std::string text;
  size_t invalid_at;  // Expected FirstInvalidUtf8 result for invalid text.
};

TEST(Utf8Test, AcceptsValidText) {
  const Utf8Case cases[] = {
      {"empty", "", 0},
      {"plain_ascii", "plain ascii", 0},
      {"ascii", "Russia-United States", 0},
      {"two_byte", "caf\xC3\xA9", 0},
      {"en_dash", "Russia\xE2\x80\x93United States", 0},
      {"en_dash_between_letters",
       "a\xE2\x80\x93"
       "b",
       0},
      {"four_byte", "\xF0\x9F\x98\x80", 0},  // U+1F600
      {"max_code_point", "\xF4\x8F\xBF\xBF", 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_TRUE(IsValidUtf8(c.text));
    EXPECT_EQ(FirstInvalidUtf8(c.text), c.text.size());
  }
}

TEST(Utf8Test, FindsFirstInvalidByte) {
  const Utf8Case cases[] = {
      {"never_valid_ff", "ab\xFF", 2},
      {"overlong_nul", "a\xC0\x80", 1},
      {"overlong_two_byte", "\xC0\xAF", 0},
      {"overlong_three_byte", "\xE0\x80\x80", 0},
      {"overlong_three_byte_after_ascii", "x\xE0\x80\xAF", 1},
      {"surrogate", "\xED\xA0\x80", 0},
      {"surrogate_after_ascii", "x\xED\xA0\x80", 1},
      {"above_max", "\xF4\x90\x80\x80", 0},  // > U+10FFFF
      {"f5_lead", "\xF5\x80\x80\x80", 0},
      {"truncated_sequence", "ok\xE2\x80", 2},
      {"truncated_at_end", "abc\xC3", 3},
      {"lone_continuation", "\x80", 0},
      {"lone_continuation_after_ascii", "ab\x80", 2},
      {"bad_third_byte",
       "\xE2\x80"
       "A",
       0},
      {"latin1", "caf\xE9", 3},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(FirstInvalidUtf8(c.text), c.invalid_at);
    EXPECT_FALSE(IsValidUtf8(c.text));
  }
}

TEST(Utf8Test, PrefixNeverSplitsASequence) {
  std::string s = "ab\xE2\x80\x93" "cd";  // a b – c d
  EXPECT_EQ(Utf8PrefixLength(s, 2), 2u);
  EXPECT_EQ(Utf8PrefixLength(s, 3), 2u);
  EXPECT_EQ(Utf8PrefixLength(s, 4), 2u);
  EXPECT_EQ(Utf8PrefixLength(s, 5), 5u);
  EXPECT_EQ(Utf8PrefixLength(s, 100), s.size());
}

}  // namespace
}  // namespace dateline
