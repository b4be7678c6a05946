#include "lib/page/archive_path.h"

#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dateline::page {
namespace {

using ::testing::HasSubstr;

TEST(ArchivePathTest, ParsesValidPaths) {
  struct Case {
    std::string path;
    std::string date;
    std::string slug;
  };
  const Case cases[] = {
      {"news/2017/07/30/russian-president.md", "2017-07-30",
       "russian-president"},
      {"/news/2017/07/30/russian-president.md", "2017-07-30",
       "russian-president"},
      {"/news/2017/02/9/when-russian.md", "2017-02-09", "when-russian"},
      {"news/2016/1/5/a.md", "2016-01-05", "a"},
      {"news/2016/02/29/leap-day-2016.md", "2016-02-29", "leap-day-2016"},
      {"news/2000/2/29/y2k.md", "2000-02-29", "y2k"},
      {"/news/2017/07/30/index.md", "2017-07-30", "index"},
      {"news/2017/07/30/" + std::string(140, 'a') + ".md", "2017-07-30",
       std::string(140, 'a')},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.path);
    auto parsed = ParseArchivePath(c.path);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(parsed->date, c.date);
    EXPECT_EQ(parsed->slug, c.slug);
  }
}

TEST(ArchivePathTest, RejectsInvalidPathsNamingTheRule) {
  struct Case {
    std::string path;
    std::string rule;  // Expected substring of the message.
  };
  const Case cases[] = {
      {"", "must start with"},
      {"//news/2017/07/30/a.md", "must start with"},
      {"archive/2017/07/30/a.md", "must start with"},
      {"news/2017/07/30/a.html", "must end with \".md\""},
      {"news/2017/07/30/a", "must end with \".md\""},
      {"news/2017/07/a.md", "must have the form"},
      {"news/2017/07/30/x/a.md", "must have the form"},
      {"news/17/07/30/a.md", "year must be four digits"},
      {"news/2017/007/30/a.md", "month must be one or two digits"},
      {"news/2017//30/a.md", "month must be one or two digits"},
      {"news/2017/07/+3/a.md", "day must be one or two digits"},
      {"news/2017/02/29/a.md", "not a real calendar day"},
      {"news/1900/2/29/a.md", "not a real calendar day"},
      {"news/2017/13/01/a.md", "not a real calendar day"},
      {"news/2017/04/31/a.md", "not a real calendar day"},
      {"news/2017/04/00/a.md", "not a real calendar day"},
      {"news/2017/07/30/.md", "slug must match"},
      {"news/2017/07/30/Upper.md", "slug must match"},
      {"news/2017/07/30/-lead.md", "slug must match"},
      {"news/2017/07/30/trail-.md", "slug must match"},
      {"news/2017/07/30/double--dash.md", "slug must match"},
      {"news/2017/07/30/under_score.md", "slug must match"},
      {"news/2017/07/30/" + std::string(141, 'a') + ".md", "at most 140"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.path);
    auto parsed = ParseArchivePath(c.path);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(parsed.status().message(), HasSubstr("path \""));
    EXPECT_THAT(parsed.status().message(), HasSubstr(c.rule));
  }
}

TEST(ArchivePathTest, ErrorQuotesNonPrintablePathEscaped) {
  auto parsed = ParseArchivePath(std::string("news/\x01", 6));
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(parsed.status().message(), HasSubstr("path \"news/\\x01\""));
}

TEST(ArchivePathTest, FormatIsPaddedAndRoundTrips) {
  EXPECT_EQ(FormatArchivePath("2017-02-09", "when-russian"),
            "news/2017/02/09/when-russian.md");
  auto parsed = ParseArchivePath(FormatArchivePath("2016-12-29", "x-1"));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, (ArchivePath{"2016-12-29", "x-1"}));
}

}  // namespace
}  // namespace dateline::page
