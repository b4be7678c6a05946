// Golden round-trip tests: hand-written pages in testdata/pages/ and the real
// archive pages in ../shared/seeds beside the project root (skipped when absent,
// failed when DATELINE_REQUIRE_SHARED is set).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/common/testing/shared_data.h"
#include "lib/page/archive_page.h"
#include "lib/page/page_parser.h"
#include "lib/page/page_renderer.h"

namespace dateline::page {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// All *.md files under `root`, sorted.
std::vector<fs::path> PagesUnder(const fs::path& root) {
  std::vector<fs::path> pages;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() && entry.path().extension() == ".md") {
      pages.push_back(entry.path());
    }
  }
  std::sort(pages.begin(), pages.end());
  return pages;
}

// Parses `path`, checks byte-exact rendering and validity, returns the page.
ArchivePage ExpectRoundTrip(const fs::path& path) {
  SCOPED_TRACE(path.string());
  const std::string bytes = ReadFile(path);
  EXPECT_FALSE(bytes.empty());
  auto page = ParsePage(bytes);
  EXPECT_TRUE(page.ok()) << page.status();
  if (!page.ok()) return {};
  EXPECT_EQ(RenderPage(*page), bytes);
  EXPECT_TRUE(ValidatePage(*page).ok()) << ValidatePage(*page);
  return *page;
}

const fs::path kTestdata = DATELINE_PAGE_TESTDATA_DIR;
const fs::path kSeeds = DATELINE_SEEDS_DIR;

TEST(PageGoldenTest, HandWrittenPagesRoundTripByteForByte) {
  const std::vector<fs::path> pages = PagesUnder(kTestdata);
  ASSERT_GE(pages.size(), 5u) << kTestdata;
  for (const fs::path& path : pages) ExpectRoundTrip(path);
}

TEST(PageGoldenTest, HandWrittenPagesHaveTheExpectedShape) {
  struct Case {
    std::string file;
    size_t sources, related, changes;
    bool summary;
  };
  const Case cases[] = {
      {"no-changes.md", 2, 1, 0, true},     {"no-related.md", 1, 0, 3, true},
      {"no-source.md", 0, 2, 0, true},      {"two-versions.md", 1, 0, 2, true},
      {"unpadded-dates.md", 1, 3, 0, true}, {"utf8-headline.md", 0, 1, 0, true},
      {"minimal.md", 0, 0, 0, false},       {"no-summary.md", 1, 0, 0, false},
      {"summary-only.md", 0, 0, 0, true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    const ArchivePage page = ExpectRoundTrip(kTestdata / c.file);
    EXPECT_EQ(page.sources.size(), c.sources);
    EXPECT_EQ(page.related.size(), c.related);
    EXPECT_EQ(page.changes.size(), c.changes);
    EXPECT_EQ(page.summary.empty(), !c.summary);
  }
}

TEST(PageGoldenTest, UnpaddedDatesAreKeptAsWritten) {
  const ArchivePage page = ExpectRoundTrip(kTestdata / "unpadded-dates.md");
  EXPECT_EQ(page.date, "2017-03-09");
  EXPECT_EQ(page.date_link, "/news/2017/03/9/index.md");
  ASSERT_EQ(page.related.size(), 3u);
  EXPECT_EQ(page.related[0].link,
            "/news/2017/03/1/"
            "syrian-civil-war-russia-and-china-veto-a-draft-resolution.md");
  EXPECT_EQ(page.related[1].context, " Syrian Civil War");
}

TEST(PageGoldenTest, Utf8HeadlineIsKeptByteForByte) {
  const ArchivePage page = ExpectRoundTrip(kTestdata / "utf8-headline.md");
  EXPECT_EQ(page.headline,
            "Ethiopia\xE2\x80\x93"
            "Eritrea relations: Abiy Ahmed receives "
            "the Nobel Peace Prize \xC2\xAB for his decisive initiative "
            "\xC2\xBB.");
}

TEST(PageGoldenTest, TwoVersionHistoryRepeatsNumberOne) {
  const ArchivePage page = ExpectRoundTrip(kTestdata / "two-versions.md");
  ASSERT_EQ(page.changes.size(), 2u);
  EXPECT_EQ(page.changes[0].kind, ChangeKind::kFirst);
  EXPECT_EQ(page.changes[0].time, "2020-02-01 08:15:00");
  EXPECT_EQ(page.changes[1].kind, ChangeKind::kCurrent);
  EXPECT_EQ(page.changes[1].time, "");
}

TEST(PageGoldenTest, RealSeedPagesRoundTripByteForByte) {
  DATELINE_REQUIRE_SHARED_DATA(kSeeds / "news", "../shared/seeds/news");
  const std::vector<fs::path> pages = PagesUnder(kSeeds / "news");
  ASSERT_EQ(pages.size(), 2u);
  for (const fs::path& path : pages) {
    SCOPED_TRACE(path.string());
    const ArchivePage page = ExpectRoundTrip(path);
    const std::string relative = fs::relative(path, kSeeds).generic_string();
    EXPECT_TRUE(CheckPageMatchesPath(page, relative).ok())
        << CheckPageMatchesPath(page, relative);
  }
}

TEST(PageGoldenTest, RealSeedWithHistoryParsesToTheExpectedFields) {
  const fs::path path =
      kSeeds /
      "news/2017/07/30/"
      "russian-president-vladimir-putin-expels-755-u-s-diplomats-in-response-"
      "to-new-sanctions-imposed-by-the-united-states.md";
  DATELINE_REQUIRE_SHARED_DATA(path, "../shared/seeds/" + fs::relative(path, kSeeds).string());
  const ArchivePage page = ExpectRoundTrip(path);
  EXPECT_EQ(page.date, "2017-07-30");
  EXPECT_EQ(page.date_link, "");
  EXPECT_EQ(page.headline,
            "Russian President Vladimir Putin expels 755 U.S. diplomats in "
            "response to new sanctions imposed by the United States.");
  EXPECT_EQ(page.summary,
            "President Vladimir Putin orders reduction in staff and vows for "
            "additional measures in retaliation to new US sanctions.");
  ASSERT_EQ(page.sources.size(), 2u);
  EXPECT_EQ(page.sources[1].outlet, "CNN");
  ASSERT_EQ(page.related.size(), 5u);
  EXPECT_EQ(page.related[2].context,
            " Russian President, Russia-United States relations");
  EXPECT_THAT(page.related[2].link, ::testing::StartsWith("/news/2017/02/9/"));
  ASSERT_EQ(page.changes.size(), 3u);
  EXPECT_EQ(page.changes[0].kind, ChangeKind::kFirst);
  EXPECT_EQ(page.changes[0].time, "2017-08-02 07:30:05");
  EXPECT_EQ(page.changes[1].kind, ChangeKind::kUpdate);
  EXPECT_EQ(page.changes[1].time, "2017-08-27 03:48:44");
  EXPECT_EQ(page.changes[2].kind, ChangeKind::kCurrent);
  EXPECT_EQ(page.changes[2].time, "");
  EXPECT_TRUE(CheckPageMatchesPath(page, "/news/2017/07/30/x.md").ok());
  EXPECT_EQ(CheckPageMatchesPath(page, "/news/2017/07/31/x.md").code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace dateline::page
