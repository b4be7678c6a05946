#include "lib/normalize/topics.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dateline {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(SplitTopicChainTest, SplitsLeadingTopicsOutermostFirst) {
  EXPECT_THAT(SplitTopicChain("Russia-United States relations: Russian President "
                              "Vladimir Putin expels 755 U.S. diplomats."),
              ElementsAre("Russia-United States relations"));
  EXPECT_THAT(SplitTopicChain("Battle of Aleppo: Aleppo offensive (November-December "
                              "2016): Russia and the United States will continue talks."),
              ElementsAre("Battle of Aleppo", "Aleppo offensive (November-December 2016)"));
}

TEST(SplitTopicChainTest, LeavesSentencesAlone) {
  EXPECT_THAT(SplitTopicChain("No topic here."), IsEmpty());
  EXPECT_THAT(SplitTopicChain("Topic: "), IsEmpty());  // nothing follows
  EXPECT_THAT(SplitTopicChain("the minister said: we will fight"), IsEmpty());
  EXPECT_THAT(SplitTopicChain("Police say. Then: more"), IsEmpty());
  EXPECT_THAT(SplitTopicChain("At 10:30 the bomb exploded."), IsEmpty());
  EXPECT_THAT(SplitTopicChain("A very long clause that goes on and on with many words in "
                              "it well beyond fifteen words of text: end"),
              IsEmpty());
}

TEST(TopicKeyTest, CaseAndDashInsensitive) {
  std::string ascii = TopicKey("Russia-United States relations");
  EXPECT_EQ(ascii, "russia-united states relations");
  EXPECT_EQ(TopicKey("Russia\xE2\x80\x93United States relations"), ascii);  // en dash
  EXPECT_EQ(TopicKey("Russia \xE2\x80\x94 United  States Relations "), ascii);  // em dash
  EXPECT_EQ(TopicKey("RUSSIA - UNITED STATES RELATIONS"), ascii);
  EXPECT_NE(TopicKey("Russia-Ukraine relations"), ascii);
  EXPECT_EQ(TopicKey("Caf\xC3\xA9"), "caf\xC3\xA9");
}

}  // namespace
}  // namespace dateline
