// Backups of a Dateline store with RocksDB's BackupEngine: consistent, incremental
// (table files are shared between backups by name and checksum, so a new backup copies
// only the files made since the last one), checksummed, and restorable into a new
// directory. docs/operations.md has the runbook.
//
// A backup directory holds any number of backups, numbered from 1; each records the
// store format version and the exact sequence it holds everything up to
// (backup_metadata.h).
#ifndef DATELINE_LIB_BACKUP_STORE_BACKUP_H_
#define DATELINE_LIB_BACKUP_STORE_BACKUP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "lib/store/rocks_kv_store.h"

namespace dateline::backup {

struct BackupSummary {
  uint32_t id = 0;
  uint64_t sequence = 0;     // holds every write up to here (and none after)
  std::string format;        // store format version
  int64_t timestamp = 0;     // when it was made, seconds since the Unix epoch
  uint64_t size_bytes = 0;   // all its files, shared ones included
  uint32_t file_count = 0;
  uint64_t added_bytes = 0;  // CreateBackup: bytes the backup directory grew by
};

struct CreateOptions {
  // Where the backups are kept (created if missing).
  std::string backup_dir;
  // A scratch directory on the live store's filesystem (for a hard-linked checkpoint;
  // created and removed again). Must not be used by anything else.
  std::string staging_dir;
  // After the backup, delete all but the newest `keep_last` backups (0: keep all).
  uint32_t keep_last = 0;
};

// Backs up the live primary `store` without stopping its writers: a checkpoint
// (memtables flushed, files hard-linked; writes pause only for the flush) is opened
// and handed to BackupEngine, so the backup holds exactly the writes up to the
// checkpoint's sequence. Durable when it returns (BackupEngine syncs its files).
// Errors: INTERNAL (I/O; nothing half-made is left in `backup_dir`: BackupEngine
// removes an incomplete backup), FAILED_PRECONDITION when `store` is a secondary or has
// no format version, as RocksKvStore otherwise.
absl::StatusOr<BackupSummary> CreateBackup(const RocksKvStore& store,
                                           const CreateOptions& options);

// The backups in `backup_dir`, oldest first. Errors: NOT_FOUND when it holds none
// (or does not exist); FAILED_PRECONDITION for a backup without Dateline metadata.
absl::StatusOr<std::vector<BackupSummary>> ListBackups(const std::string& backup_dir);

// Reads every file of every backup in `backup_dir` and checks its size and checksum.
// Returns the backups checked. Errors: DATA_LOSS naming the backup and the file that
// does not match; as ListBackups.
absl::StatusOr<std::vector<BackupSummary>> VerifyBackups(const std::string& backup_dir);

// Restores backup `id` (nullopt: the newest) of `backup_dir` into `db_dir`, which
// must not exist or be empty. The backup is verified first and the restore is made
// in a sibling directory renamed into place only once it opened with the expected
// format and sequence, so a failed restore writes nothing into `db_dir`. Errors:
// DATA_LOSS (a file of the backup does not match its checksum, named),
// FAILED_PRECONDITION (the backup's store format is not this build's, `db_dir` is
// not empty, not a Dateline backup), NOT_FOUND (no such backup), INTERNAL (I/O).
absl::StatusOr<BackupSummary> RestoreBackup(const std::string& backup_dir,
                                            std::optional<uint32_t> id,
                                            const std::string& db_dir);

}  // namespace dateline::backup

#endif  // DATELINE_LIB_BACKUP_STORE_BACKUP_H_
