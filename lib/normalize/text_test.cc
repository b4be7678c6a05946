#include "lib/normalize/text.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dateline {
namespace {

using ::testing::HasSubstr;

TEST(NormalizeTextTest, CollapsesWhitespaceRemovesControlsAndTrims) {
  struct Case {
    std::string in, out;
  } cases[] = {
      {"  a  b\t\tc \n", "a b c"},
      {"a\x7F" "b", "ab"},
      {"a\x01\x02 b", "a b"},
      {"x\xC2\xA0\xC2\xA0y", "x y"},  // NBSP runs
      {"x\xC2\x85y", "xy"},           // C1 control NEL
      {"Russia\xE2\x80\x93United States", "Russia\xE2\x80\x93United States"},
      {"", ""},
      {" \t ", ""},
      {"caf\xC3\xA9  au lait", "caf\xC3\xA9 au lait"},
  };
  for (const auto& c : cases) {
    auto got = NormalizeText(c.in, "event.headline", 1000);
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_EQ(*got, c.out);
  }
}

TEST(NormalizeTextTest, RejectsInvalidUtf8NamingFieldAndOffset) {
  auto got = NormalizeText("abc\xFF", "event.summary", 1000);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(got.status().message(), HasSubstr("event.summary"));
  EXPECT_THAT(got.status().message(), HasSubstr("byte 3"));
}

TEST(NormalizeTextTest, RejectsOversizeAfterNormalization) {
  EXPECT_TRUE(NormalizeText(std::string(10, 'a') + "     ", "f", 10).ok());
  auto got = NormalizeText(std::string(11, 'a'), "event.headline", 10);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(got.status().message(), HasSubstr("event.headline"));
}

}  // namespace
}  // namespace dateline
