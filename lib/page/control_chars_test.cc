#include "lib/page/control_chars.h"

#include <string>

#include "gtest/gtest.h"

namespace dateline::page {
namespace {

TEST(ControlCharsTest, FindsForbiddenControls) {
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
