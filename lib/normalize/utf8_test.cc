#include "lib/normalize/utf8.h"

#include <string>

#include "gtest/gtest.h"

namespace dateline {
namespace {

TEST(Utf8Test, AcceptsValidText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("Russia\xE2\x80\x93United States"));  // en dash
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));                  // U+1F600
}

TEST(Utf8Test, FindsFirstInvalidByte) {
  struct Case {
    std::string text;
    size_t offset;
  } cases[] = {
      {"ab\xFF", 2},                  // never valid
      {"a\xC0\x80", 1},               // overlong NUL
      {"\xE0\x80\x80", 0},            // overlong 3-byte
      {"x\xED\xA0\x80", 1},           // surrogate U+D800
      {"\xF4\x90\x80\x80", 0},        // > U+10FFFF
      {"ok\xE2\x80", 2},              // truncated sequence
      {"\x80", 0},                    // lone continuation
      {"abc\xC3", 3},                 // truncated at end
  };
  for (const auto& c : cases) {
    EXPECT_EQ(FirstInvalidUtf8(c.text), c.offset) << c.text;
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
