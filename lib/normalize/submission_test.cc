#include "lib/normalize/submission.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"

namespace dateline {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

v1::EventSubmission Parse(const std::string& text) {
  v1::EventSubmission s;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &s)) << text;
  return s;
}

TEST(NormalizeSubmissionTest, PortalLine) {
  auto got = NormalizeSubmission(Parse(R"pb(
    date: "2017-07-30"
    headline: "Russian President Vladimir Putin expels 755 U.S. diplomats in response to new sanctions imposed by the United States. "
    category: "International relations"
    topics: "Russia\342\200\223United States relations"
    sources { name: "Al Jazeera" }
    sources { name: "CNN" }
  )pb"));
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->name.ToString(),
            "events/2017-07-30/russian-president-vladimir-putin-expels-755-u-s-diplomats-in-"
            "response-to-new-sanctions-imposed-by-the-united-states");
  EXPECT_EQ(got->content.headline().back(), '.');
  EXPECT_THAT(got->topic_keys, ElementsAre("russia-united states relations"));
  EXPECT_EQ(got->content.sources_size(), 2);
  EXPECT_FALSE(got->revises.has_value());
}

TEST(NormalizeSubmissionTest, TopicsFromHeadlineChainWhenNoneGiven) {
  auto got = NormalizeSubmission(Parse(R"pb(
    date: "2016-12-09"
    headline: "Battle of Aleppo: Aleppo offensive (November-December 2016): Russia and the United States will continue talks."
  )pb"));
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_THAT(got->content.topics(),
              ElementsAre("Battle of Aleppo", "Aleppo offensive (November-December 2016)"));
  // The headline keeps its chain; the slug is derived from the whole headline.
  EXPECT_EQ(got->name.slug.rfind("battle-of-aleppo-aleppo-offensive", 0), 0u);
}

// Given topics that are all empty count as none given (found by the submission fuzzer:
// otherwise the normalized event, submitted again, got the headline's chain).
TEST(NormalizeSubmissionTest, OnlyEmptyTopicsGivenMeansTheHeadlineChain) {
  const std::string headline =
      "Battle of Aleppo: Russia and the United States will continue talks.";
  auto got = NormalizeSubmission(
      Parse(absl::StrCat(R"pb(date: "2016-12-09" topics: "" topics: "  " headline: ")pb",
                         headline, "\"")));
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_THAT(got->content.topics(), ElementsAre("Battle of Aleppo"));
  v1::EventSubmission again;
  again.set_date("2016-12-09");
  again.set_headline(got->content.headline());
  *again.mutable_topics() = got->content.topics();
  auto second = NormalizeSubmission(again);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->content.SerializeAsString(), got->content.SerializeAsString());
}

TEST(NormalizeSubmissionTest, KeepsGivenSlugAndParsesRevises) {
  auto got = NormalizeSubmission(Parse(R"pb(
    date: "2017/7/30"
    headline: "Something else entirely"
    slug: "given-slug"
    revises: "events/2017-07-30/old-slug"
    observe_time { seconds: 1501659005 }
    entities: "Russia" entities: "russia" entities: ""
  )pb"));
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->name.ToString(), "events/2017-07-30/given-slug");
  ASSERT_TRUE(got->revises.has_value());
  EXPECT_EQ(got->revises->slug, "old-slug");
  EXPECT_EQ(absl::ToUnixSeconds(*got->observe_time), 1501659005);
  EXPECT_THAT(got->content.entities(), ElementsAre("Russia"));
}

TEST(NormalizeSubmissionTest, RejectsBadInputNamingTheField) {
  struct Case {
    std::string text;
    std::string field;
  } cases[] = {
      {R"pb(date: "2017-02-30" headline: "x")pb", "event.date"},
      {R"pb(headline: "x")pb", "event.date"},
      {R"pb(date: "2017-02-03" headline: "   ")pb", "event.headline: required"},
      {R"pb(date: "2017-02-03" headline: "ok\377")pb", "event.headline: invalid UTF-8"},
      {R"pb(date: "2017-02-03" headline: "ok" summary: "\300\200")pb", "event.summary"},
      {R"pb(date: "2017-02-03" headline: "ok" slug: "Bad Slug")pb", "event.slug"},
      {R"pb(date: "2017-02-03" headline: "\342\200\224")pb", "event.headline"},
      {R"pb(date: "2017-02-03" headline: "ok" sources { name: "A" url: "nope" })pb",
       "event.sources[0].url"},
      {R"pb(date: "2017-02-03" headline: "ok" revises: "events/x")pb", "event.revises"},
      {R"pb(date: "2017-02-03" headline: "ok" related { name: "news/2017" })pb",
       "event.related[0].name"},
      {R"pb(date: "2017-02-03" headline: "ok" topics: "a" topics: "b\377")pb",
       "event.topics[1]"},
      {R"pb(date: "2017-02-03" headline: "ok" observe_time { seconds: 1 nanos: -5 })pb",
       "event.observe_time"},
  };
  for (const auto& c : cases) {
    auto got = NormalizeSubmission(Parse(c.text));
    ASSERT_FALSE(got.ok()) << c.text;
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument) << c.text;
    EXPECT_THAT(got.status().message(), HasSubstr(c.field)) << c.text;
  }
}

TEST(NormalizeSubmissionTest, EnforcesListLimits) {
  v1::EventSubmission s = Parse(R"pb(date: "2017-02-03" headline: "ok")pb");
  for (int i = 0; i < 300; ++i) s.add_topics("t");
  auto got = NormalizeSubmission(s);
  ASSERT_FALSE(got.ok());
  EXPECT_THAT(got.status().message(), HasSubstr("event.topics: 300 items"));
}

}  // namespace
}  // namespace dateline
