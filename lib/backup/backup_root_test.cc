#include "lib/backup/backup_root.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dateline::backup {
namespace {

TEST(ResolveBackupDirTest, PathsInsideTheRoot) {
  EXPECT_EQ(*ResolveBackupDir("/backup", "/backup/nightly"), "/backup/nightly");
  EXPECT_EQ(*ResolveBackupDir("/backup/", "nightly"), "/backup/nightly");
  EXPECT_EQ(*ResolveBackupDir("/backup", "a/b/../c/"), "/backup/a/c");
  EXPECT_EQ(*ResolveBackupDir("/backup", "/backup/./x"), "/backup/x");
}

TEST(ResolveBackupDirTest, PathsOutsideTheRootAreRefusedNamingTheField) {
  for (const char* bad : {"/backup", "/backup/", "/backup2/x", "/etc", "../etc", "a/../..",
                          "/backup/../etc", "."}) {
    absl::StatusOr<std::string> r = ResolveBackupDir("/backup", bad);
    ASSERT_FALSE(r.ok()) << bad << " -> " << *r;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(std::string(r.status().message()), ::testing::StartsWith("backup_dir: ")) << bad;
    EXPECT_THAT(std::string(r.status().message()), ::testing::HasSubstr("--backup_root=/backup")) << bad;
  }
  EXPECT_EQ(ResolveBackupDir("/backup", "").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ResolveBackupDirTest, NoRootMeansBackupsAreOff) {
  absl::StatusOr<std::string> r = ResolveBackupDir("", "/anything");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(r.status().message()), ::testing::HasSubstr("--backup_root"));
}

}  // namespace
}  // namespace dateline::backup
