#include "lib/normalize/slug.h"

#include "gtest/gtest.h"
#include "lib/names/event_name.h"

namespace dateline {
namespace {

TEST(SlugTest, SeedHeadlines) {
  // Slugs taken from the real archive pages in shared/seeds.
  EXPECT_EQ(DeriveSlug("Russian President Vladimir Putin expels 755 U.S. diplomats in "
                       "response to new sanctions imposed by the United States."),
            "russian-president-vladimir-putin-expels-755-u-s-diplomats-in-response-to-"
            "new-sanctions-imposed-by-the-united-states");
  EXPECT_EQ(DeriveSlug("The United States expels 35 Russian diplomats over the alleged "
                       "Russian interference during the U.S.'s 2016 presidential "
                       "election."),
            "the-united-states-expels-35-russian-diplomats-over-the-alleged-russian-"
            "interference-during-the-u-s-s-2016-presidential-election");
}

TEST(SlugTest, CutsAt140BytesWithoutSplittingUtf8) {
  // The portal's en dash (3 bytes) makes the cut fall earlier than the ASCII text:
  // FORMAT.md's example yields a 136-character slug ending in "-by-the-uni".
  std::string headline =
      "Russia\xE2\x80\x93United States relations: Russian President Vladimir Putin "
      "expels 755 U.S. diplomats in response to new sanctions imposed by the United "
      "States.";
  std::string slug = DeriveSlug(headline);
  EXPECT_EQ(slug,
            "russia-united-states-relations-russian-president-vladimir-putin-expels-755-"
            "u-s-diplomats-in-response-to-new-sanctions-imposed-by-the-uni");
  EXPECT_EQ(slug.size(), 136u);
  // A cut landing inside a 3-byte sequence drops the whole sequence.
  std::string edge = std::string(139, 'a') + "\xE2\x80\x93" "b";
  EXPECT_EQ(DeriveSlug(edge), std::string(139, 'a'));
  EXPECT_TRUE(IsSlug(DeriveSlug(std::string(300, 'x'))));
}

TEST(SlugTest, RunsAndEnds) {
  EXPECT_EQ(DeriveSlug("  --Hello,   World!--  "), "hello-world");
  EXPECT_EQ(DeriveSlug("caf\xC3\xA9 au lait"), "caf-au-lait");
  EXPECT_EQ(DeriveSlug("\xE2\x80\x94\xE2\x80\x94"), "");
  EXPECT_EQ(DeriveSlug("A: B: c"), "a-b-c");
}

}  // namespace
}  // namespace dateline
