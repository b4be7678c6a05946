#include "lib/client/jsonl_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace dateline::client {
namespace {

using ::testing::HasSubstr;

TEST(ParseSubmissionLineTest, ReadsEveryField) {
  auto submission = ParseSubmissionLine(
      R"({"date": "2017-07-30", "headline": "Putin expels diplomats.",)"
      R"( "category": "International relations", "topics": ["A", "B"],)"
      R"( "sources": [{"name": "BBC", "url": "https://bbc.co.uk/x"}, {"name": "AP"}],)"
      R"( "revises": "events/2017-07-30/old", "observeTime": "2025-09-20T06:58:50Z"})");
  ASSERT_TRUE(submission.ok()) << submission.status();
  EXPECT_EQ(submission->date(), "2017-07-30");
  EXPECT_EQ(submission->headline(), "Putin expels diplomats.");
  EXPECT_EQ(submission->category(), "International relations");
  ASSERT_EQ(submission->topics_size(), 2);
  EXPECT_EQ(submission->topics(1), "B");
  ASSERT_EQ(submission->sources_size(), 2);
  EXPECT_EQ(submission->sources(0).url(), "https://bbc.co.uk/x");
  EXPECT_FALSE(submission->sources(1).has_url());
  EXPECT_EQ(submission->revises(), "events/2017-07-30/old");
  EXPECT_EQ(submission->observe_time().seconds(), 1758351530);
}

TEST(ParseSubmissionLineTest, RejectsUnknownFieldNamingIt) {
  auto submission =
      ParseSubmissionLine(R"({"date": "2017-07-30", "headlne": "typo"})");
  ASSERT_EQ(submission.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(submission.status().message(), HasSubstr("headlne"));
}

TEST(ParseSubmissionLineTest, RejectsMalformedJsonAndWrongTypes) {
  for (const char* line :
       {R"({"date": "2017-07-30", "headline": )", "not json at all",
        R"({"date": 20170730})", R"({"sources": [{"nme": "BBC"}]})",
        R"([{"date": "2017-07-30"}])"}) {
    SCOPED_TRACE(line);
    EXPECT_EQ(ParseSubmissionLine(line).status().code(),
              absl::StatusCode::kInvalidArgument);
  }
}

TEST(JsonlReaderTest, SkipsBlankLinesButKeepsLineNumbers) {
  std::istringstream in(
      "{\"headline\": \"one\"}\n"
      "\n"
      "   \t\n"
      "{\"headline\": \"four\"}\r\n"
      "{broken\n"
      "{\"headline\": \"six\"}");  // no final newline
  JsonlReader reader(&in);
  JsonlLine line;

  ASSERT_TRUE(reader.Next(&line));
  EXPECT_EQ(line.line_number, 1);
  ASSERT_TRUE(line.request.ok());
  EXPECT_EQ(line.request->event().headline(), "one");

  ASSERT_TRUE(reader.Next(&line));
  EXPECT_EQ(line.line_number, 4);
  ASSERT_TRUE(line.request.ok()) << line.request.status();
  EXPECT_EQ(line.request->event().headline(), "four");

  ASSERT_TRUE(reader.Next(&line));
  EXPECT_EQ(line.line_number, 5);
  EXPECT_EQ(line.request.status().code(), absl::StatusCode::kInvalidArgument);

  ASSERT_TRUE(reader.Next(&line));
  EXPECT_EQ(line.line_number, 6);
  ASSERT_TRUE(line.request.ok());
  EXPECT_EQ(line.request->event().headline(), "six");

  EXPECT_FALSE(reader.Next(&line));
  EXPECT_FALSE(reader.ReadError());
}

}  // namespace
}  // namespace dateline::client
