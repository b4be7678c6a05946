#include "lib/store/insert_hint.h"

#include <string>

#include "gtest/gtest.h"
#include "lib/store/keys.h"

namespace dateline {
namespace {

std::string Hint(const std::string& key) {
  KeyFamilyHint hint;
  if (!hint.InDomain(key)) return "<none>";
  return hint.Transform(key).ToString();
}

TEST(KeyFamilyHintTest, OneHintPerKeyFamilyAndNoneForRandomKeys) {
  EXPECT_EQ(Hint("E/2020-01-01/a-slug"), "E/");
  EXPECT_EQ(Hint("A/2020-01-01/old-slug"), "A/");
  EXPECT_EQ(Hint(std::string("T/elections\0", 12) + "2020-01-01/a"),
            std::string("T/elections\0", 12));
  EXPECT_EQ(Hint(std::string("X/bbc\0", 6) + "2020-01-01/a"), std::string("X/bbc\0", 6));
  EXPECT_EQ(Hint(std::string(keys::kEventCountKey)), std::string(keys::kEventCountKey));
  EXPECT_EQ(Hint("U/0123abcd"), "<none>");
  EXPECT_EQ(Hint("R/0123abcd/000000000001"), "<none>");
  EXPECT_EQ(Hint("Q/request-1"), "<none>");
  EXPECT_EQ(Hint("T/no-terminator"), "<none>");
  EXPECT_EQ(Hint("E"), "<none>");
  EXPECT_EQ(Hint(""), "<none>");
}

}  // namespace
}  // namespace dateline
