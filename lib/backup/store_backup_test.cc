// Backups of a real RocksDB store on disk, made while a writer thread writes.
#include "lib/backup/store_backup.h"

#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/backup/testing/restore_check.h"
#include "lib/store/event_store.h"
#include "lib/store/keys.h"
#include "rocksdb/db.h"
#include "rocksdb/utilities/backup_engine.h"

namespace dateline::backup {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class StoreBackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "store_backup_test.XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    root_ = tmpl;
  }
  void TearDown() override { fs::remove_all(root_); }

  // A primary store at root/<name> with its format written; the WAL kept (so that the
  // writes after a backup can be read back) unless `keep_wal` is false.
  std::unique_ptr<RocksKvStore> Open(const std::string& name) {
    RocksOpenOptions o;
    o.wal_ttl_seconds = 3600;
    auto kv = RocksKvStore::OpenPrimary(root_ + "/" + name, o);
    EXPECT_TRUE(kv.ok()) << kv.status();
    if (!kv.ok()) return nullptr;
    EXPECT_TRUE(EventStore(kv->get()).InitFormat().ok());
    return *std::move(kv);
  }

  CreateOptions Options() const {
    return {root_ + "/backups", root_ + "/staging", 0};
  }

  static void WriteKeys(RocksKvStore* kv, int from, int to) {
    for (int i = from; i < to; ++i) {
      KvBatch b;
      b.Put(absl::StrCat("E/key", i % 700), absl::StrCat("value ", i));
      b.Put(absl::StrCat("T/tag", i % 13, "/", i), "x");
      if (i % 5 == 0) b.Delete(absl::StrCat("T/tag", (i - 5) % 13, "/", i - 5));
      ASSERT_TRUE(kv->Write(b, /*sync=*/false).ok());
    }
  }

  std::string root_;
};

// The restored store is the source as it was at the backup's sequence, key by key:
// restored + the source's writes after that sequence (from its WAL) == the source now.
TEST_F(StoreBackupTest, BackupDuringWritesRestoresTheStoreAtItsSequence) {
  std::unique_ptr<RocksKvStore> kv = Open("db");
  ASSERT_NE(kv, nullptr);
  WriteKeys(kv.get(), 0, 2000);
  const uint64_t before = kv->LatestSequence();
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::thread writer([&] {
    for (int i = 2000; !stop; i += 10) {
      WriteKeys(kv.get(), i, i + 10);
      written += 10;
    }
  });
  while (written < 500) std::this_thread::yield();
  absl::StatusOr<BackupSummary> backup = CreateBackup(*kv, Options());
  const int at_backup_end = written;
  while (written < at_backup_end + 500) std::this_thread::yield();
  stop = true;
  writer.join();
  ASSERT_TRUE(backup.ok()) << backup.status();
  const uint64_t after = kv->LatestSequence();
  EXPECT_GT(backup->sequence, before);
  EXPECT_LT(backup->sequence, after);
  EXPECT_EQ(backup->format, StoreFormatVersion());
  EXPECT_EQ(backup->id, 1u);
  EXPECT_FALSE(fs::exists(Options().staging_dir));

  absl::StatusOr<BackupSummary> restored =
      RestoreBackup(Options().backup_dir, std::nullopt, root_ + "/restored");
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->sequence, backup->sequence);
  auto copy = RocksKvStore::OpenPrimary(root_ + "/restored");
  ASSERT_TRUE(copy.ok()) << copy.status();
  EXPECT_EQ((*copy)->LatestSequence(), backup->sequence);
  EXPECT_NE(testing::Contents(**copy), testing::Contents(*kv));  // the writes after the backup are not in it

  // With the source's writes after the backup replayed, the copy is the source.
  EXPECT_EQ(testing::CompareRestoredAt(*kv, copy->get(), backup->sequence), "");
}

TEST_F(StoreBackupTest, LaterBackupsCopyOnlyNewFilesAndOldOnesCanBePurged) {
  std::unique_ptr<RocksKvStore> kv = Open("db");
  ASSERT_NE(kv, nullptr);
  WriteKeys(kv.get(), 0, 20000);
  absl::StatusOr<BackupSummary> first = CreateBackup(*kv, Options());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_GT(first->added_bytes, 0u);
  WriteKeys(kv.get(), 20000, 20010);
  absl::StatusOr<BackupSummary> second = CreateBackup(*kv, Options());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->id, 2u);
  EXPECT_GT(second->sequence, first->sequence);
  // The second shares the first's table files: the directory grew by far less than
  // the second backup's own size.
  EXPECT_LT(second->added_bytes, second->size_bytes / 2)
      << "first " << first->size_bytes << " bytes, second " << second->size_bytes;

  absl::StatusOr<std::vector<BackupSummary>> list = ListBackups(Options().backup_dir);
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].sequence, first->sequence);
  EXPECT_EQ((*list)[1].sequence, second->sequence);

  // A chosen backup restores to its own sequence.
  absl::StatusOr<BackupSummary> older = RestoreBackup(Options().backup_dir, 1, root_ + "/one");
  ASSERT_TRUE(older.ok()) << older.status();
  EXPECT_EQ(older->sequence, first->sequence);
  EXPECT_EQ(RestoreBackup(Options().backup_dir, 7, root_ + "/seven").status().code(),
            absl::StatusCode::kNotFound);

  CreateOptions keep = Options();
  keep.keep_last = 1;
  absl::StatusOr<BackupSummary> third = CreateBackup(*kv, keep);
  ASSERT_TRUE(third.ok()) << third.status();
  list = ListBackups(Options().backup_dir);
  ASSERT_TRUE(list.ok()) << list.status();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].id, 3u);
}

TEST_F(StoreBackupTest, CorruptedFileIsFoundByVerifyAndRestoreWritesNothing) {
  std::unique_ptr<RocksKvStore> kv = Open("db");
  ASSERT_NE(kv, nullptr);
  WriteKeys(kv.get(), 0, 5000);
  ASSERT_TRUE(CreateBackup(*kv, Options()).ok());
  ASSERT_TRUE(VerifyBackups(Options().backup_dir).ok());

  // Flip one byte in the middle of the largest table file of the backup.
  fs::path victim;
  for (const auto& e : fs::recursive_directory_iterator(Options().backup_dir)) {
    if (e.path().extension() == ".sst" &&
        (victim.empty() || e.file_size() > fs::file_size(victim))) {
      victim = e.path();
    }
  }
  ASSERT_FALSE(victim.empty());
  {
    std::fstream f(victim, std::ios::in | std::ios::out | std::ios::binary);
    const std::streamoff middle = static_cast<std::streamoff>(fs::file_size(victim) / 2);
    f.seekg(middle);
    char c = 0;
    f.get(c);
    f.seekp(middle);
    f.put(static_cast<char>(c ^ 0x5a));
  }

  absl::StatusOr<std::vector<BackupSummary>> verified = VerifyBackups(Options().backup_dir);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(verified.status().message(), HasSubstr(victim.filename().string()));

  absl::StatusOr<BackupSummary> restored =
      RestoreBackup(Options().backup_dir, std::nullopt, root_ + "/restored");
  ASSERT_FALSE(restored.ok());
  EXPECT_EQ(restored.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(restored.status().message(), HasSubstr(victim.filename().string()));
  // Nothing written: neither the target nor a staging directory beside it.
  for (const auto& e : fs::directory_iterator(root_)) {
    EXPECT_THAT(e.path().filename().string(), ::testing::AnyOf("db", "backups"));
  }
}

TEST_F(StoreBackupTest, UnknownFormatsAndForeignBackupsAreRefused) {
  std::unique_ptr<RocksKvStore> kv = Open("db");
  ASSERT_NE(kv, nullptr);
  KvBatch future;
  future.Put(std::string(keys::kFormatKey), "2");  // a store written by a newer build
  ASSERT_TRUE(kv->Write(future, true).ok());
  absl::StatusOr<BackupSummary> backup = CreateBackup(*kv, Options());
  ASSERT_TRUE(backup.ok()) << backup.status();
  EXPECT_EQ(backup->format, "2");
  absl::StatusOr<BackupSummary> restored =
      RestoreBackup(Options().backup_dir, std::nullopt, root_ + "/restored");
  EXPECT_EQ(restored.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(restored.status().message(), HasSubstr("store format 2"));
  EXPECT_FALSE(fs::exists(root_ + "/restored"));

  // A backup made by something other than Dateline (no metadata).
  rocksdb::BackupEngine* raw = nullptr;
  ASSERT_TRUE(rocksdb::BackupEngine::Open(rocksdb::BackupEngineOptions(root_ + "/foreign"),
                                          rocksdb::Env::Default(), &raw)
                  .ok());
  std::unique_ptr<rocksdb::BackupEngine> engine(raw);
  ASSERT_TRUE(engine->CreateNewBackup(kv->rocks_db()).ok());
  engine.reset();
  restored = RestoreBackup(root_ + "/foreign", std::nullopt, root_ + "/restored");
  EXPECT_EQ(restored.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(restored.status().message(), HasSubstr("not a Dateline backup"));
  EXPECT_FALSE(fs::exists(root_ + "/restored"));

  EXPECT_EQ(ListBackups(root_ + "/nothing-here").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(StoreBackupTest, RestoreRefusesADirectoryThatIsNotEmpty) {
  std::unique_ptr<RocksKvStore> kv = Open("db");
  ASSERT_NE(kv, nullptr);
  WriteKeys(kv.get(), 0, 10);
  ASSERT_TRUE(CreateBackup(*kv, Options()).ok());
  fs::create_directories(root_ + "/busy");
  std::ofstream(root_ + "/busy/file") << "x";
  absl::StatusOr<BackupSummary> restored =
      RestoreBackup(Options().backup_dir, std::nullopt, root_ + "/busy");
  EXPECT_EQ(restored.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(restored.status().message(), HasSubstr("not an empty directory"));
  EXPECT_TRUE(fs::exists(root_ + "/busy/file"));
  // An empty directory is fine.
  fs::create_directories(root_ + "/empty");
  EXPECT_TRUE(RestoreBackup(Options().backup_dir, std::nullopt, root_ + "/empty").ok());
  EXPECT_TRUE(fs::exists(root_ + "/empty/CURRENT"));
}

}  // namespace
}  // namespace dateline::backup
