// Backup and restore over real processes: dateline-ingest serving AdminService,
// datelinectl backup/verify/restore, RocksDB on disk.
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "dateline/v1/admin_service.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "lib/backup/testing/restore_check.h"
#include "lib/metrics/testing/scrape.h"
#include "lib/store/rocks_kv_store.h"
#include "tests/server_process.h"

namespace dateline::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// Runs a shell command; its exit code, with stdout (and stderr, when `merge`) in *out.
int Shell(const std::string& cmd, std::string* out, bool merge = true) {
  return RunShell(cmd + (merge ? " 2>&1" : " 2>/dev/null"), out);
}

std::string Ctl(const std::string& ingest_address) {
  return absl::StrCat(DATELINE_CTL_BIN, " --ingest=", ingest_address, " ");
}

// `n` synthetic submissions over 400 days and 30 topics; every 7th repeats an earlier
// headline with another category (an update).
void WriteEvents(const std::string& path, int n) {
  std::ofstream out(path);
  for (int i = 0; i < n; ++i) {
    const int id = i % 7 == 6 ? i - 3 : i;
    const int month = id % 12 + 1;
    const int day = id % 28 + 1;
    out << "{\"date\": \"2019-" << (month < 10 ? "0" : "") << month << "-" << (day < 10 ? "0" : "")
        << day << "\", \"headline\": \"Backup test event number " << id
        << " about the harbour\", \"category\": \"" << (i == id ? "News" : "Updates")
        << "\", \"topics\": [\"Topic " << id % 30 << "\"], \"sources\": [{\"name\": \"Wire "
        << id % 5 << "\"}]}\n";
  }
}

v1::Backup ParseBackup(const std::string& json) {
  v1::Backup b;
  auto st = google::protobuf::util::JsonStringToMessage(json, &b);
  EXPECT_TRUE(st.ok()) << st.ToString() << "\n" << json;
  return b;
}


class BackupTest : public ::testing::Test {
 protected:
  std::unique_ptr<ServerProcess> StartIngest(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--db=" + db(), "--backup_root=" + root(),
                                     "--metrics_listen=127.0.0.1:0",
                                     "--metrics_port_file=" + dir_.path() + "/metrics.port"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto p = ServerProcess::Start(DATELINE_INGEST_BIN, args, dir_.path(), "ingest");
    EXPECT_TRUE(p.ok()) << p.status();
    if (!p.ok()) return nullptr;
    EXPECT_TRUE((*p)->WaitServing().ok()) << (*p)->Log();
    return *std::move(p);
  }
  double StoreSequence() const {
    auto text = metrics::testing::HttpGet(ReadPortFile(dir_.path() + "/metrics.port"));
    auto v = text ? metrics::testing::Sample(*text, "dateline_store_sequence") : std::nullopt;
    return v.value_or(-1);
  }
  std::string db() const { return dir_.path() + "/db"; }
  std::string root() const { return dir_.path() + "/backups"; }
  TempDir dir_;
};

// Acceptance: a backup taken while a bulk import runs restores into a fresh directory
// as exactly the source at the backup's sequence, key by key.
TEST_F(BackupTest, BackupDuringBulkImportRestoresTheStoreAtItsSequence) {
  auto ingest = StartIngest();
  ASSERT_NE(ingest, nullptr);
  const std::string events = dir_.path() + "/events.jsonl";
  WriteEvents(events, 30000);
  std::atomic<bool> import_done{false};
  int import_rc = -1;
  std::string import_out;
  std::thread importer([&] {
    import_rc = Shell(Ctl(ingest->address()) + "import " + events, &import_out);
    import_done = true;
  });
  // Back up once the import has written something.
  for (absl::Time end = absl::Now() + absl::Seconds(30);
       StoreSequence() < 2000 && absl::Now() < end;) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  std::string out;
  const int rc = Shell(Ctl(ingest->address()) + "backup --to=" + root() + "/nightly", &out, false);
  const bool during_import = !import_done;
  importer.join();
  ASSERT_EQ(rc, 0) << out << ingest->Log();
  ASSERT_EQ(import_rc, 0) << import_out;
  EXPECT_THAT(import_out.substr(0, 2000), HasSubstr("rejected 0"));
  const v1::Backup backup = ParseBackup(out);
  EXPECT_EQ(backup.backup_id(), 1u);
  EXPECT_EQ(backup.format_version(), "1");
  EXPECT_GT(backup.added_bytes(), 0u);
  const double final_sequence = StoreSequence();
  EXPECT_TRUE(during_import) << "the import ended before the backup did";
  EXPECT_GT(backup.sequence(), 0u);
  EXPECT_LT(static_cast<double>(backup.sequence()), final_sequence)
      << "the backup holds every write: it was not taken during the import";
  // The backup is verified, and a second one right after copies little.
  ASSERT_EQ(Shell(Ctl(ingest->address()) + "backup --verify --to=nightly", &out, false), 0) << out;
  EXPECT_THAT(out, HasSubstr("\"backupId\": 2"));
  ingest->Signal(SIGTERM);
  ASSERT_EQ(*ingest->Wait(), 0);

  // Restore (offline) the first backup into a fresh directory.
  const std::string restored = dir_.path() + "/restored";
  ASSERT_EQ(Shell(absl::StrCat(DATELINE_CTL_BIN, " restore --from=", root(),
                             "/nightly --backup_id=1 --db=", restored),
                &out, false),
            0)
      << out;
  EXPECT_EQ(ParseBackup(out).sequence(), backup.sequence());

  RocksOpenOptions keep_wal;
  keep_wal.wal_ttl_seconds = 6 * 3600;  // as the ingest ran (its default --wal_ttl)
  auto source = RocksKvStore::OpenPrimary(db(), keep_wal);
  ASSERT_TRUE(source.ok()) << source.status();
  auto copy = RocksKvStore::OpenPrimary(restored);
  ASSERT_TRUE(copy.ok()) << copy.status();
  EXPECT_EQ(backup::testing::CompareRestoredAt(**source, copy->get(), backup.sequence()), "");
}

// Acceptance: a corrupted backup file is found by verify and by restore, which then
// writes nothing; the ingest's VerifyBackups says the same.
TEST_F(BackupTest, CorruptedBackupIsDetectedAndRestoreWritesNothing) {
  auto ingest = StartIngest();
  ASSERT_NE(ingest, nullptr);
  const std::string events = dir_.path() + "/events.jsonl";
  WriteEvents(events, 3000);
  std::string out;
  ASSERT_EQ(Shell(Ctl(ingest->address()) + "import " + events, &out), 0) << out;
  ASSERT_EQ(Shell(Ctl(ingest->address()) + "backup --to=b", &out), 0) << out;
  ASSERT_EQ(Shell(absl::StrCat(DATELINE_CTL_BIN, " verify ", root(), "/b"), &out), 0) << out;

  fs::path victim;
  for (const auto& e : fs::recursive_directory_iterator(root() + "/b")) {
    if (e.path().extension() == ".sst" &&
        (victim.empty() || e.file_size() > fs::file_size(victim))) {
      victim = e.path();
    }
  }
  ASSERT_FALSE(victim.empty());
  {
    std::fstream f(victim, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(fs::file_size(victim) / 3));
    f.put('\x7f').put('\x00').put('\x7f');
  }

  EXPECT_EQ(Shell(absl::StrCat(DATELINE_CTL_BIN, " verify ", root(), "/b"), &out), 1);
  EXPECT_THAT(out, HasSubstr("DATA_LOSS"));
  EXPECT_THAT(out, HasSubstr(victim.filename().string()));
  EXPECT_EQ(Shell(Ctl(ingest->address()) + "backup --verify --to=b", &out), 1);
  EXPECT_THAT(out, HasSubstr("DATA_LOSS"));

  const std::string restored = dir_.path() + "/restored";
  EXPECT_EQ(Shell(absl::StrCat(DATELINE_CTL_BIN, " restore --from=", root(), "/b --db=", restored),
                &out),
            1);
  EXPECT_THAT(out, HasSubstr("DATA_LOSS"));
  EXPECT_THAT(out, HasSubstr(victim.filename().string()));
  for (const auto& e : fs::directory_iterator(dir_.path())) {
    EXPECT_THAT(e.path().filename().string(), ::testing::Not(HasSubstr("restored")));
  }
  // The ingest still serves.
  EXPECT_EQ(*ingest->Health(), "SERVING");
}

// Bad backup calls get a clear code naming the field and write nothing; without
// --backup_root backups are off.
TEST_F(BackupTest, BackupDirectoryMustBeInsideTheBackupRoot) {
  auto ingest = StartIngest();
  ASSERT_NE(ingest, nullptr);
  std::string out;
  EXPECT_EQ(Shell(Ctl(ingest->address()) + "backup --to=" + dir_.path() + "/elsewhere", &out), 1);
  EXPECT_THAT(out, HasSubstr("INVALID_ARGUMENT: backup_dir: "));
  EXPECT_THAT(out, HasSubstr("--backup_root=" + root()));
  EXPECT_EQ(Shell(Ctl(ingest->address()) + "backup --to=../elsewhere", &out), 1);
  EXPECT_THAT(out, HasSubstr("INVALID_ARGUMENT: backup_dir: "));
  EXPECT_FALSE(fs::exists(dir_.path() + "/elsewhere"));
  EXPECT_EQ(Shell(Ctl(ingest->address()) + "backup --to=x --keep_last=-1", &out), 2);
  EXPECT_EQ(Shell(absl::StrCat(DATELINE_CTL_BIN, " verify ", root(), "/none"), &out), 1);
  EXPECT_THAT(out, HasSubstr("NOT_FOUND"));
  ingest->Signal(SIGTERM);
  ASSERT_EQ(*ingest->Wait(), 0);

  auto plain = ServerProcess::Start(DATELINE_INGEST_BIN, {"--db=" + db()}, dir_.path(), "plain");
  ASSERT_TRUE(plain.ok()) << plain.status();
  ASSERT_TRUE((*plain)->WaitServing().ok());
  EXPECT_EQ(Shell(Ctl((*plain)->address()) + "backup --to=/tmp/x", &out), 1);
  EXPECT_THAT(out, HasSubstr("FAILED_PRECONDITION: backups are off"));
}

}  // namespace
}  // namespace dateline::testing
