#include "lib/backup/backup_metadata.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dateline::backup {
namespace {

using ::testing::HasSubstr;

TEST(BackupMetadataTest, RoundTrips) {
  absl::StatusOr<BackupMetadata> m = DecodeMetadata(EncodeMetadata({"1", 987654321012}));
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->format, "1");
  EXPECT_EQ(m->sequence, 987654321012u);
}

TEST(BackupMetadataTest, RefusesWhatItCannotRead) {
  struct Case {
    const char* text;
    const char* says;
  } cases[] = {
      {"", "not a Dateline backup"},
      {"something else\nformat=1\nsequence=3\n", "not a Dateline backup"},
      {"dateline-backup 2\nformat=1\nsequence=3\n", "encoding 2 is newer"},
      {"dateline-backup 1\nsequence=3\n", "lacks its store format"},
      {"dateline-backup 1\nformat=1\nsequence=x\n", "lacks its store format or sequence"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<BackupMetadata> m = DecodeMetadata(c.text);
    ASSERT_FALSE(m.ok()) << c.text;
    EXPECT_EQ(m.status().code(), absl::StatusCode::kFailedPrecondition) << c.text;
    EXPECT_THAT(m.status().message(), HasSubstr(c.says)) << c.text;
  }
}

}  // namespace
}  // namespace dateline::backup
