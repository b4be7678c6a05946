#include "lib/page/utf8.h"

#include <string>

#include "gtest/gtest.h"

namespace dateline::page {
namespace {

struct Utf8Case {
  std::string name;
  std::string text;
  size_t invalid_at;  // Expected FindInvalidUtf8 result; npos = text.size().
};

TEST(Utf8Test, FindsFirstInvalidByte) {
  const size_t kValid = std::string::npos;
  const Utf8Case cases[] = {
      {"empty", "", kValid},
      {"ascii", "Russia-United States", kValid},
      {"two_byte", "caf\xC3\xA9", kValid},
      {"en_dash",
       "a\xE2\x80\x93"
       "b",
       kValid},
      {"four_byte", "\xF0\x9F\x98\x80", kValid},
      {"max_code_point", "\xF4\x8F\xBF\xBF", kValid},
      {"lone_continuation", "ab\x80", 2},
      {"overlong_two_byte", "\xC0\xAF", 0},
      {"overlong_three_byte", "x\xE0\x80\xAF", 1},
      {"surrogate", "\xED\xA0\x80", 0},
      {"above_max", "\xF4\x90\x80\x80", 0},
      {"f5_lead", "\xF5\x80\x80\x80", 0},
      {"truncated_sequence", "ok\xE2\x80", 2},
      {"bad_third_byte",
       "\xE2\x80"
       "A",
       0},
      {"latin1", "caf\xE9", 3},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const size_t want = c.invalid_at == kValid ? c.text.size() : c.invalid_at;
    EXPECT_EQ(FindInvalidUtf8(c.text), want);
    EXPECT_EQ(IsValidUtf8(c.text), c.invalid_at == kValid);
  }
}

TEST(Utf8Test, FindsForbiddenControls) {
  EXPECT_EQ(FindForbiddenControl("tab\tis fine"), 11u);
  EXPECT_EQ(FindForbiddenControl(std::string("nul\0x", 5)), 3u);
  EXPECT_EQ(FindForbiddenControl("cr\r"), 2u);
  EXPECT_EQ(FindForbiddenControl("nl\n"), 2u);
  EXPECT_EQ(FindForbiddenControl("del\x7F"), 3u);
  const std::string utf8 = "\xC3\xA9 and \xE2\x80\x93 are fine";
  EXPECT_EQ(FindForbiddenControl(utf8), utf8.size());
}

}  // namespace
}  // namespace dateline::page
