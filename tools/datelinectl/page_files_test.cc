#include "tools/datelinectl/page_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace dateline::ctl {
namespace {

namespace fs = std::filesystem;

TEST(ArchivePathOfTest, TakesTheNewsSuffix) {
  struct Case {
    std::string file;
    std::optional<std::string> want;
  };
  const Case cases[] = {
      {"news/2017/07/30/putin.md", "news/2017/07/30/putin.md"},
      {"/srv/archive/news/2016/12/29/us-expels.md",
       "news/2016/12/29/us-expels.md"},
      {"seeds/news/news/2017/07/30/a.md", "news/2017/07/30/a.md"},
      {"news/2017/07/30/index.md", std::nullopt},  // a day's index, not a page
      {"news/2017/7/30/a.md", std::nullopt},       // month not two digits
      {"news/17/07/30/a.md", std::nullopt},        // year not four digits
      {"news/2017/07/3x/a.md", std::nullopt},      // not digits
      {"news/2017/07/30/a.txt", std::nullopt},     // not markdown
      {"news/2017/07/30/.md", std::nullopt},       // empty slug
      {"archive/2017/07/30/a.md", std::nullopt},   // no news/ component
      {"2017/07/30/a.md", std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.file);
    EXPECT_EQ(ArchivePathOf(c.file), c.want);
  }
}

class FindPageFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ =
        fs::path(::testing::TempDir()) /
        ("page_files_test_" +
         std::string(
             ::testing::UnitTest::GetInstance()->current_test_info()->name()) +
         "_" + std::to_string(getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  std::string Write(const std::string& relative) {
    const fs::path path = root_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << "# page\n";
    return path.string();
  }

  fs::path root_;
};

TEST_F(FindPageFilesTest, DirectoryYieldsPagesSortedByArchivePath) {
  const std::string b = Write("seeds/news/2017/07/30/b.md");
  const std::string a = Write("seeds/news/2016/12/29/a.md");
  Write("seeds/news/2017/07/30/index.md");
  Write("seeds/README.md");
  Write("seeds/news/2017/07/30/notes.txt");

  auto pages = FindPageFiles(root_.string());
  ASSERT_TRUE(pages.ok()) << pages.status();
  ASSERT_EQ(pages->size(), 2u);
  EXPECT_EQ((*pages)[0], (PageFile{a, "news/2016/12/29/a.md"}));
  EXPECT_EQ((*pages)[1], (PageFile{b, "news/2017/07/30/b.md"}));
}

TEST_F(FindPageFilesTest, SinglePage) {
  const std::string a = Write("news/2016/12/29/a.md");
  auto pages = FindPageFiles(a);
  ASSERT_TRUE(pages.ok()) << pages.status();
  ASSERT_EQ(pages->size(), 1u);
  EXPECT_EQ((*pages)[0].archive_path, "news/2016/12/29/a.md");
}

TEST_F(FindPageFilesTest, PageOutsideArchiveLayoutIsInvalid) {
  const std::string stray = Write("drafts/a.md");
  EXPECT_EQ(FindPageFiles(stray).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(FindPageFilesTest, MissingPathIsNotFound) {
  EXPECT_EQ(FindPageFiles((root_ / "nope").string()).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(FindPageFilesTest, EmptyDirectoryHasNoPages) {
  auto pages = FindPageFiles(root_.string());
  ASSERT_TRUE(pages.ok());
  EXPECT_TRUE(pages->empty());
}

}  // namespace
}  // namespace dateline::ctl
