#include "lib/backup/store_backup.h"

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <system_error>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "lib/backup/backup_metadata.h"
#include "lib/common/status_macros.h"
#include "lib/store/event_store.h"
#include "lib/store/keys.h"
#include "rocksdb/env.h"
#include "rocksdb/utilities/backup_engine.h"

namespace dateline::backup {
namespace {

namespace fs = std::filesystem;

rocksdb::BackupEngineOptions EngineOptions(const std::string& dir) {
  rocksdb::BackupEngineOptions o(dir);
  // Table files shared between backups by name, size and checksum: incremental.
  o.share_table_files = true;
  o.share_files_with_checksum = true;
  o.sync = true;  // a backup that CreateBackup returned survives a crash
  o.max_background_operations = 1;
  return o;
}

absl::StatusOr<std::unique_ptr<rocksdb::BackupEngineReadOnly>> OpenReadOnly(
    const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return absl::NotFoundError(absl::StrCat("no backups in ", dir, ": not a directory"));
  }
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  rocksdb::IOStatus s =
      rocksdb::BackupEngineReadOnly::Open(EngineOptions(dir), rocksdb::Env::Default(), &raw);
  if (!s.ok()) return FromRocks(s, absl::StrCat("open backups in ", dir));
  return std::unique_ptr<rocksdb::BackupEngineReadOnly>(raw);
}

absl::StatusOr<BackupSummary> Summarize(const rocksdb::BackupInfo& info) {
  absl::StatusOr<BackupMetadata> m = DecodeMetadata(info.app_metadata);
  if (!m.ok()) {
    return absl::Status(m.status().code(),
                        absl::StrCat("backup ", info.backup_id, ": ", m.status().message()));
  }
  BackupSummary s;
  s.id = info.backup_id;
  s.sequence = m->sequence;
  s.format = m->format;
  s.timestamp = info.timestamp;
  s.size_bytes = info.size;
  s.file_count = info.number_files;
  return s;
}

absl::StatusOr<std::vector<BackupSummary>> Summaries(const rocksdb::BackupEngineReadOnly& engine,
                                                     const std::string& dir) {
  std::vector<rocksdb::BackupInfo> infos;
  engine.GetBackupInfo(&infos);
  if (infos.empty()) return absl::NotFoundError(absl::StrCat("no backups in ", dir));
  std::vector<BackupSummary> out;
  for (const rocksdb::BackupInfo& info : infos) {
    DL_ASSIGN_OR_RETURN(BackupSummary s, Summarize(info));
    out.push_back(std::move(s));
  }
  return out;
}

uint64_t DirectoryBytes(const std::string& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) total += it->file_size(size_ec);
  }
  return total;
}

// Removes `dir` and everything in it; an error only matters to the caller's message.
void RemoveAll(const std::string& dir) {
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace

absl::StatusOr<BackupSummary> CreateBackup(const RocksKvStore& store,
                                           const CreateOptions& options) {
  if (options.backup_dir.empty() || options.staging_dir.empty()) {
    return absl::InvalidArgumentError("backup_dir and staging_dir are required");
  }
  // The checkpoint: everything written before it, nothing after (it is opened below
  // and its own latest sequence read, which is exact where Checkpoint's is a bound).
  RemoveAll(options.staging_dir);
  std::error_code ec;
  fs::create_directories(fs::path(options.staging_dir).parent_path(), ec);
  const std::string checkpoint = options.staging_dir;
  absl::StatusOr<uint64_t> lower = store.Checkpoint(checkpoint);
  if (!lower.ok()) {
    RemoveAll(checkpoint);
    return lower.status();
  }
  absl::StatusOr<BackupSummary> result = [&]() -> absl::StatusOr<BackupSummary> {
    DL_ASSIGN_OR_RETURN(std::unique_ptr<RocksKvStore> copy, RocksKvStore::OpenPrimary(checkpoint));
    BackupMetadata metadata;
    metadata.sequence = copy->LatestSequence();
    DL_ASSIGN_OR_RETURN(std::optional<std::string> format, copy->Get(keys::kFormatKey));
    if (!format.has_value()) {
      return absl::FailedPreconditionError("the store has no format version (M/format)");
    }
    metadata.format = *format;

    fs::create_directories(options.backup_dir, ec);
    if (ec) {
      return absl::InternalError(
          absl::StrCat("cannot create the backup directory ", options.backup_dir, ": ",
                       ec.message()));
    }
    const uint64_t bytes_before = DirectoryBytes(options.backup_dir);
    rocksdb::BackupEngine* raw = nullptr;
    rocksdb::IOStatus s = rocksdb::BackupEngine::Open(EngineOptions(options.backup_dir),
                                                      rocksdb::Env::Default(), &raw);
    if (!s.ok()) return FromRocks(s, absl::StrCat("open backups in ", options.backup_dir));
    std::unique_ptr<rocksdb::BackupEngine> engine(raw);
    rocksdb::CreateBackupOptions create;
    create.flush_before_backup = false;  // the copy's WAL tail is backed up as it is
    rocksdb::BackupID id = 0;
    s = engine->CreateNewBackupWithMetadata(create, copy->rocks_db(), EncodeMetadata(metadata),
                                            &id);
    if (!s.ok()) return FromRocks(s, absl::StrCat("back up into ", options.backup_dir));
    DL_RETURN_IF_ERROR(copy->Close());
    rocksdb::BackupInfo info;
    rocksdb::Status got = engine->GetBackupInfo(id, &info);
    if (!got.ok()) return FromRocks(got, absl::StrCat("read back backup ", id));
    DL_ASSIGN_OR_RETURN(BackupSummary summary, Summarize(info));
    if (options.keep_last > 0) {
      s = engine->PurgeOldBackups(options.keep_last);
      if (!s.ok()) return FromRocks(s, absl::StrCat("delete old backups in ", options.backup_dir));
    }
    const uint64_t bytes_after = DirectoryBytes(options.backup_dir);
    summary.added_bytes = bytes_after > bytes_before ? bytes_after - bytes_before : 0;
    return summary;
  }();
  RemoveAll(checkpoint);
  return result;
}

absl::StatusOr<std::vector<BackupSummary>> ListBackups(const std::string& backup_dir) {
  DL_ASSIGN_OR_RETURN(auto engine, OpenReadOnly(backup_dir));
  return Summaries(*engine, backup_dir);
}

absl::StatusOr<std::vector<BackupSummary>> VerifyBackups(const std::string& backup_dir) {
  DL_ASSIGN_OR_RETURN(auto engine, OpenReadOnly(backup_dir));
  std::vector<rocksdb::BackupID> corrupt;
  engine->GetCorruptedBackups(&corrupt);
  if (!corrupt.empty()) {
    return absl::DataLossError(absl::StrCat("backup ", corrupt.front(), " in ", backup_dir,
                                            " is corrupt: its meta file cannot be read"));
  }
  DL_ASSIGN_OR_RETURN(std::vector<BackupSummary> backups, Summaries(*engine, backup_dir));
  for (const BackupSummary& b : backups) {
    rocksdb::IOStatus s = engine->VerifyBackup(b.id, /*verify_with_checksum=*/true);
    if (!s.ok()) {
      return absl::DataLossError(
          absl::StrCat("backup ", b.id, " in ", backup_dir, " is damaged: ", s.ToString()));
    }
  }
  return backups;
}

absl::StatusOr<BackupSummary> RestoreBackup(const std::string& backup_dir,
                                            std::optional<uint32_t> id,
                                            const std::string& db_dir) {
  std::error_code ec;
  if (fs::exists(db_dir, ec) && !(fs::is_directory(db_dir, ec) && fs::is_empty(db_dir, ec))) {
    return absl::FailedPreconditionError(
        absl::StrCat(db_dir, " exists and is not an empty directory: restore into a new one"));
  }
  DL_ASSIGN_OR_RETURN(auto engine, OpenReadOnly(backup_dir));
  rocksdb::BackupInfo info;
  rocksdb::Status s = id.has_value() ? engine->GetBackupInfo(*id, &info)
                                     : engine->GetLatestBackupInfo(&info);
  if (s.IsNotFound() || (!id.has_value() && !s.ok())) {
    return absl::NotFoundError(id.has_value()
                                   ? absl::StrCat("no backup ", *id, " in ", backup_dir)
                                   : absl::StrCat("no backups in ", backup_dir));
  }
  if (!s.ok()) {
    return absl::DataLossError(
        absl::StrCat("backup ", *id, " in ", backup_dir, " is corrupt: ", s.ToString()));
  }
  DL_ASSIGN_OR_RETURN(BackupSummary summary, Summarize(info));
  if (summary.format != StoreFormatVersion()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "backup ", summary.id, " has store format ", summary.format,
        "; this build reads format ", StoreFormatVersion(), ": restore it with a build of that format"));
  }
  s = engine->VerifyBackup(summary.id, /*verify_with_checksum=*/true);
  if (!s.ok()) {
    return absl::DataLossError(absl::StrCat("backup ", summary.id, " in ", backup_dir,
                                            " is damaged: ", s.ToString()));
  }

  // Beside the target, never inside it (`--db=new/` names `new`): a sibling on the
  // same filesystem, so that the rename below is atomic. (A target that is itself a
  // mount point cannot be renamed into: restore into a directory below it.)
  fs::path target = fs::path(db_dir).lexically_normal();
  if (!target.has_filename()) target = target.parent_path();
  const std::string staging =
      (target.parent_path() / absl::StrCat(target.filename().string(), ".restoring-", ::getpid()))
          .string();
  RemoveAll(staging);
  absl::Status restored = [&]() -> absl::Status {
    rocksdb::IOStatus r =
        engine->RestoreDBFromBackup(rocksdb::RestoreOptions(), summary.id, staging, staging);
    if (!r.ok()) {
      return r.IsCorruption()
                 ? absl::DataLossError(absl::StrCat("backup ", summary.id, " in ", backup_dir,
                                                    " is damaged: ", r.ToString()))
                 : FromRocks(r, absl::StrCat("restore backup ", summary.id));
    }
    DL_ASSIGN_OR_RETURN(std::unique_ptr<RocksKvStore> copy, RocksKvStore::OpenPrimary(staging));
    DL_RETURN_IF_ERROR(EventStore(copy.get()).CheckFormat());
    const uint64_t sequence = copy->LatestSequence();
    DL_RETURN_IF_ERROR(copy->Close());
    if (sequence != summary.sequence) {
      return absl::DataLossError(absl::StrCat("backup ", summary.id, " restored to sequence ",
                                              sequence, ", its metadata says ",
                                              summary.sequence));
    }
    std::error_code rm;
    if (fs::exists(target, rm)) fs::remove(target, rm);  // the empty directory
    fs::rename(staging, target, rm);
    if (rm) {
      return absl::InternalError(
          absl::StrCat("cannot move the restored store into ", db_dir, ": ", rm.message()));
    }
    return absl::OkStatus();
  }();
  if (!restored.ok()) {
    RemoveAll(staging);
    return restored;
  }
  return summary;
}

}  // namespace dateline::backup
