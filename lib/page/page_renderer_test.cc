#include "lib/page/page_renderer.h"

#include <string>

#include "gtest/gtest.h"
#include "lib/page/archive_page.h"
#include "lib/page/page_parser.h"

namespace dateline::page {
namespace {

ArchivePage FullPage() {
  ArchivePage page;
  page.date = "2017-07-30";
  page.headline = "Headline one.";
  page.summary = "Summary text.";
  page.sources = {{"BBC", "http://www.bbc.com/news/x"}};
  page.related = {{"Related one.", "/news/2017/02/9/related-one.md",
                   " Russian President, B"}};
  page.changes = {
      {"Old.", "/news/2017/07/30/old.md", "2017-08-02 07:30:05",
       ChangeKind::kFirst},
      {"Mid.", "/news/2017/07/30/mid.md", "2017-08-27 03:48:44",
       ChangeKind::kUpdate},
      {"Headline one.", "/news/2017/07/30/headline-one.md", "",
       ChangeKind::kCurrent},
  };
  return page;
}

TEST(PageRendererTest, RendersTheArchiveLayoutExactly) {
  EXPECT_EQ(RenderPage(FullPage()),
            "### [2017-07-30](/news/2017/07/30/index.md)\n"
            "\n"
            "# Headline one. \n"
            "\n"
            "Summary text.\n"
            "\n"
            "\n"
            "### Source:\n"
            "\n"
            "1. [BBC](http://www.bbc.com/news/x)\n"
            "\n"
            "### Related:\n"
            "\n"
            "1. [Related one. ](/news/2017/02/9/related-one.md) _Context:  "
            "Russian President, B_\n"
            "\n"
            "### Changes:\n"
            "\n"
            "1. [Old. ](/news/2017/07/30/old.md) _2017-08-02 07:30:05 (First "
            "version)_\n"
            "2. [Mid. ](/news/2017/07/30/mid.md) _2017-08-27 03:48:44 "
            "(Update)_\n"
            "2. [Headline one. ](/news/2017/07/30/headline-one.md) _(Current "
            "version)_\n");
}

TEST(PageRendererTest, LeavesOutEmptyPartsWithTheirBlankLines) {
  ArchivePage page;
  page.date = "2017-07-30";
  page.headline = "H.";
  EXPECT_EQ(RenderPage(page),
            "### [2017-07-30](/news/2017/07/30/index.md)\n\n# H. \n");
  page.summary = "S.";
  EXPECT_EQ(RenderPage(page),
            "### [2017-07-30](/news/2017/07/30/index.md)\n\n# H. \n\nS.\n");
  page.summary.clear();
  page.sources = {{"A", "u"}};
  EXPECT_EQ(RenderPage(page),
            "### [2017-07-30](/news/2017/07/30/index.md)\n\n# H. \n\n"
            "### Source:\n\n1. [A](u)\n");
}

TEST(PageRendererTest, WritesTheStoredDateLink) {
  ArchivePage page;
  page.date = "2017-02-09";
  page.date_link = "/news/2017/02/9/index.md";
  page.headline = "H.";
  EXPECT_EQ(RenderPage(page),
            "### [2017-02-09](/news/2017/02/9/index.md)\n\n# H. \n");
}

TEST(PageRendererTest, DerivesChangeNumbersFromKinds) {
  struct Case {
    std::string name;
    std::vector<ChangeKind> kinds;
    std::string numbers;  // The item numbers, in order.
  };
  const Case cases[] = {
      {"current_only", {ChangeKind::kCurrent}, "1"},
      {"two_versions", {ChangeKind::kFirst, ChangeKind::kCurrent}, "11"},
      {"three_versions",
       {ChangeKind::kFirst, ChangeKind::kUpdate, ChangeKind::kCurrent},
       "122"},
      {"many_updates",
       {ChangeKind::kFirst, ChangeKind::kUpdate, ChangeKind::kUpdate,
        ChangeKind::kUpdate, ChangeKind::kCurrent},
       "12344"},
      {"history_without_first",
       {ChangeKind::kUpdate, ChangeKind::kCurrent},
       "11"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ArchivePage page;
    page.date = "2017-07-30";
    page.headline = "H.";
    for (ChangeKind kind : c.kinds) {
      page.changes.push_back(
          {"V.", "/news/2017/07/30/v.md",
           kind == ChangeKind::kCurrent ? "" : "2017-08-02 07:30:05", kind});
    }
    const std::string markdown = RenderPage(page);
    std::string numbers;
    size_t at = markdown.find("### Changes:\n\n");
    ASSERT_NE(at, std::string::npos);
    for (at += 14; at < markdown.size(); at = markdown.find('\n', at) + 1) {
      numbers += markdown[at];
    }
    EXPECT_EQ(numbers, c.numbers);
    auto parsed = ParsePage(markdown);
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(*parsed, page);
  }
}

// Every subset of {summary, sources, related, changes} renders to a page that
// parses back equal and renders to the same bytes again.
TEST(PageRendererTest, RoundTripsEverySubsetOfSections) {
  const ArchivePage full = FullPage();
  for (int mask = 0; mask < 16; ++mask) {
    SCOPED_TRACE("mask " + std::to_string(mask));
    ArchivePage page = full;
    if (!(mask & 1)) page.summary.clear();
    if (!(mask & 2)) page.sources.clear();
    if (!(mask & 4)) page.related.clear();
    if (!(mask & 8)) page.changes.clear();
    ASSERT_TRUE(ValidatePage(page).ok()) << ValidatePage(page);
    const std::string markdown = RenderPage(page);
    auto parsed = ParsePage(markdown);
    ASSERT_TRUE(parsed.ok()) << parsed.status() << "\n" << markdown;
    EXPECT_EQ(*parsed, page);
    EXPECT_EQ(RenderPage(*parsed), markdown);
  }
}

TEST(PageRendererTest, WritesOutletsWithoutALinkAsPlainItems) {
  ArchivePage page;
  page.date = "2004-01-01";
  page.headline = "Portal event.";
  page.sources = {{"Yahoo", ""}, {"BBC", "http://www.bbc.com/x"}, {"Sky News", ""}};
  const std::string text = RenderPage(page);
  EXPECT_EQ(text,
            "### [2004-01-01](/news/2004/01/01/index.md)\n"
            "\n"
            "# Portal event. \n"
            "\n"
            "### Source:\n"
            "\n"
            "1. Yahoo\n"
            "2. [BBC](http://www.bbc.com/x)\n"
            "3. Sky News\n");
  auto parsed = ParsePage(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(*parsed == page);
}

TEST(PageRendererTest, RoundTripsAwkwardButValidText) {
  ArchivePage page = FullPage();
  page.headline = " leading and trailing spaces  ";
  page.summary = "### Sourcesque but not a header; \xE2\x80\x93 dash";
  page.sources = {{"Outlet [x]", "http://e.com/a_(b)](c)"}, {"A]", "(b"}};
  page.related[0].headline = "Ends with ] and (";
  page.related[0].context = "";
  page.changes[0].headline = "Trailing space ";
  ASSERT_TRUE(ValidatePage(page).ok()) << ValidatePage(page);
  auto parsed = ParsePage(RenderPage(page));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, page);
}

}  // namespace
}  // namespace dateline::page
