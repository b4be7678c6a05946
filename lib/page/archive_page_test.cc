#include "lib/page/archive_page.h"

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dateline::page {
namespace {

using ::testing::StartsWith;

ArchivePage ValidPage() {
  ArchivePage page;
  page.date = "2017-07-30";
  page.headline = "Headline.";
  page.summary = "Summary.";
  page.sources = {{"BBC", "http://bbc.com/x"}};
  page.related = {{"Related.", "/news/2017/02/9/related.md", "A, B"}};
  page.changes = {
      {"Old.", "/news/2017/07/30/old.md", "2017-08-02 07:30:05",
       ChangeKind::kFirst},
      {"Headline.", "/news/2017/07/30/headline.md", "", ChangeKind::kCurrent},
  };
  return page;
}

TEST(ArchivePageTest, ValidPageIsValid) {
  EXPECT_TRUE(ValidatePage(ValidPage()).ok());
  ArchivePage minimal;
  minimal.date = "2016-02-29";
  minimal.headline = "H";
  EXPECT_TRUE(ValidatePage(minimal).ok());
  minimal.date_link = "news/2016/2/29/index.md";
  EXPECT_TRUE(ValidatePage(minimal).ok());
}

TEST(ArchivePageTest, ValidateNamesTheOffendingField) {
  struct Case {
    std::string name;
    std::function<void(ArchivePage&)> mutate;
    std::string field;  // Expected message prefix.
  };
  const Case cases[] = {
      {"bad_date", [](ArchivePage& p) { p.date = "2017-02-29"; }, "date: "},
      {"canonical_date_link",
       [](ArchivePage& p) { p.date_link = "/news/2017/07/30/index.md"; },
       "date_link: "},
      {"date_link_other_day",
       [](ArchivePage& p) { p.date_link = "/news/2017/7/31/index.md"; },
       "date_link: "},
      {"date_link_not_index",
       [](ArchivePage& p) { p.date_link = "/news/2017/7/30/x.md"; },
       "date_link: "},
      {"empty_headline", [](ArchivePage& p) { p.headline = ""; }, "headline: "},
      {"headline_newline", [](ArchivePage& p) { p.headline = "a\nb"; },
       "headline: "},
      {"headline_bad_utf8", [](ArchivePage& p) { p.headline = "\xFF"; },
       "headline: "},
      {"summary_is_header", [](ArchivePage& p) { p.summary = "### Related:"; },
       "summary: "},
      {"summary_cr", [](ArchivePage& p) { p.summary = "a\r"; }, "summary: "},
      {"outlet_empty", [](ArchivePage& p) { p.sources[0].outlet = ""; },
       "sources[0].outlet: "},
      {"outlet_bracket_paren",
       [](ArchivePage& p) { p.sources[0].outlet = "a](b"; },
       "sources[0].outlet: "},
      {"unlinked_outlet_starting_with_bracket",
       [](ArchivePage& p) {
         p.sources[0].outlet = "[BBC";
         p.sources[0].url = "";
       },
       "sources[0].outlet: "},
      {"related_headline_link_end",
       [](ArchivePage& p) { p.related[0].headline = "a ](b"; },
       "related[0].headline: "},
      {"related_link", [](ArchivePage& p) { p.related[0].link = "http://x"; },
       "related[0].link: "},
      {"related_context_nul",
       [](ArchivePage& p) { p.related[0].context = std::string(1, '\0'); },
       "related[0].context: "},
      {"change_link", [](ArchivePage& p) { p.changes[0].link = "x.md"; },
       "changes[0].link: "},
      {"change_time", [](ArchivePage& p) { p.changes[0].time = "yesterday"; },
       "changes[0].time: "},
      {"current_with_time",
       [](ArchivePage& p) { p.changes[1].time = "2017-08-02 07:30:05"; },
       "changes[1].time: "},
      {"no_current",
       [](ArchivePage& p) {
         p.changes[1].kind = ChangeKind::kUpdate;
         p.changes[1].time = "2017-08-02 07:30:05";
       },
       "changes[1].kind: "},
      {"current_not_last",
       [](ArchivePage& p) {
         p.changes[0].kind = ChangeKind::kCurrent;
         p.changes[0].time = "";
       },
       "changes[0].kind: "},
      {"first_not_first",
       [](ArchivePage& p) {
         p.changes.insert(p.changes.begin() + 1, p.changes[0]);
       },
       "changes[1].kind: "},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ArchivePage page = ValidPage();
    c.mutate(page);
    const absl::Status status = ValidatePage(page);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(status.message()), StartsWith(c.field));
  }
}

TEST(ArchivePageTest, LabelsAndCanonicalLink) {
  EXPECT_EQ(ChangeKindLabel(ChangeKind::kFirst), "First version");
  EXPECT_EQ(ChangeKindLabel(ChangeKind::kUpdate), "Update");
  EXPECT_EQ(ChangeKindLabel(ChangeKind::kCurrent), "Current version");
  EXPECT_EQ(CanonicalDateLink("2017-02-09"), "/news/2017/02/09/index.md");
}

TEST(ArchivePageTest, EqualityComparesEveryField) {
  const ArchivePage base = ValidPage();
  EXPECT_EQ(base, ValidPage());
  ArchivePage other = base;
  other.date_link = "/news/2017/7/30/index.md";
  EXPECT_NE(base, other);
  other = base;
  other.related[0].context = " A, B";
  EXPECT_NE(base, other);
  other = base;
  other.changes[0].kind = ChangeKind::kUpdate;
  EXPECT_NE(base, other);
  other = base;
  other.sources[0].url += "/";
  EXPECT_NE(base, other);
}

}  // namespace
}  // namespace dateline::page
