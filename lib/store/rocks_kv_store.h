// RocksKvStore: KvStore over RocksDB 7.8, as the single writer (primary) or as a
// read-only secondary instance that follows the primary's files.
#ifndef DATELINE_LIB_STORE_ROCKS_KV_STORE_H_
#define DATELINE_LIB_STORE_ROCKS_KV_STORE_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "lib/store/kv_store.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"

namespace dateline {

// Translates a RocksDB status into the most specific absl::Status (the one place this
// happens). `context` prefixes the message.
absl::Status FromRocks(const rocksdb::Status& s, absl::string_view context);

struct RocksOpenOptions {
  // I/O environment; nullptr = the default (real disk). Tests pass rocksdb::NewMemEnv
  // or a fault-injecting Env. Not owned; must outlive the store.
  rocksdb::Env* env = nullptr;
  // Write-ahead log retention for replication (ReadWal): obsolete WAL files are kept
  // in archive/ while younger than this many seconds / until they exceed this many
  // MiB in all (0 = no limit of that kind; both 0 = not kept at all).
  uint64_t wal_ttl_seconds = 0;
  uint64_t wal_size_limit_mb = 0;
  // Primary: the newest batches written, up to this many bytes, kept in memory so that
  // ReadWal serves a replica at the tail without reading the WAL file (0 = none).
  size_t tail_cache_bytes = 0;
  // RocksDB block cache (uncompressed data blocks) in bytes; 0 = RocksDB's default
  // (8 MiB). Sizes measured in docs/benchmarks.md ("Block cache").
  size_t block_cache_bytes = 0;
};

// One committed write batch as the write-ahead log holds it (replication).
struct WalBatch {
  uint64_t sequence = 0;  // sequence number of its first operation
  uint32_t count = 0;     // operations in it: it covers [sequence, sequence + count)
  std::string data;       // the serialized rocksdb::WriteBatch
  uint64_t last() const { return sequence + count - 1; }
};

class RocksKvStore : public KvStore {
 public:
  // Opens (creating if missing) the primary store at `path`. Errors:
  // FAILED_PRECONDITION when another writer holds the store's LOCK (the message says
  // so); DATA_LOSS when RocksDB finds corruption; INTERNAL for other I/O failures (the
  // directory cannot be created or read); as FromRocks otherwise.
  static absl::StatusOr<std::unique_ptr<RocksKvStore>> OpenPrimary(
      const std::string& path, const RocksOpenOptions& options = {});

  // Opens `primary_path` as a secondary instance keeping its own info log and state
  // in `secondary_path` (created if missing; must be writable). Errors: NOT_FOUND when
  // the primary store does not exist yet (retry later), INTERNAL otherwise.
  static absl::StatusOr<std::unique_ptr<RocksKvStore>> OpenSecondary(
      const std::string& primary_path, const std::string& secondary_path,
      const RocksOpenOptions& options = {});

  ~RocksKvStore() override;

  absl::StatusOr<std::optional<std::string>> Get(absl::string_view key) const override;
  absl::StatusOr<std::vector<std::optional<std::string>>> MultiGet(
      const std::vector<std::string>& keys) const override;
  absl::Status Write(const KvBatch& batch, bool sync) override;
  absl::Status Scan(absl::string_view start, absl::string_view limit, bool reverse,
                    const ScanFn& fn) const override;
  absl::Status SyncWal() override;
  std::optional<uint64_t> IntProperty(absl::string_view name) const override;
  uint64_t LatestSequence() const override;
  absl::Status CatchUp() override;
  absl::Status Close() override;

  // --- Replication (lib/replication) ---

  // Primary: calls fn for the committed batches that end at or after `from` and start
  // at or before `up_to`, in commit order, until fn returns false. Nothing when `from`
  // is past the latest sequence. Errors: OUT_OF_RANGE when `from` is no longer
  // retained in the write-ahead log (the reader must bootstrap from a checkpoint);
  // FAILED_PRECONDITION on a secondary; INTERNAL (I/O).
  absl::Status ReadWal(uint64_t from, uint64_t up_to,
                       const std::function<bool(WalBatch)>& fn) const;

  // Primary: a consistent copy of the store in the new directory `dir` (memtables
  // flushed, SST files hard-linked), taken without stopping writers. Returns the
  // sequence number the copy contains everything up to. Errors: INTERNAL (I/O),
  // FAILED_PRECONDITION on a secondary.
  absl::StatusOr<uint64_t> Checkpoint(const std::string& dir) const;

  // Primary: OK while writes work; after a write or sync failed with an I/O error
  // (disk full: RESOURCE_EXHAUSTED "disk full: ..." naming the file), that error, which
  // every later Write and SyncWal returns at once without reaching RocksDB. Writes
  // resume only in a new process (reopen), once the cause is fixed.
  absl::Status WriteError() const;

  // Reads every block of every live table file and checks its checksum. Errors:
  // DATA_LOSS naming the file that does not match; INTERNAL (I/O).
  absl::Status VerifyChecksums() const;

  // The RocksDB instance, for RocksDB utilities over the whole store (lib/backup hands
  // it to BackupEngine). Null after Close(); the caller must not close it, write
  // through it, or use it after Close().
  rocksdb::DB* rocks_db() const;

  // Replica: applies `batch` (read with ReadWal from the upstream store) and the record
  // that this store now has everything upstream up to batch.last(), atomically.
  absl::Status ApplyReplicated(const WalBatch& batch, bool sync);
  // Replica: records that this store has everything upstream up to `sequence` (after a
  // bootstrap from an upstream checkpoint).
  absl::Status SetReplicatedSequence(uint64_t sequence);
  // Replica: the upstream sequence recorded, 0 when none. Errors: DATA_LOSS.
  absl::StatusOr<uint64_t> ReplicatedSequence() const;

 private:
  RocksKvStore(std::unique_ptr<rocksdb::DB> db, bool secondary);
  // Maps `s`; an I/O error or corruption also becomes the store's WriteError.
  absl::Status RecordWriteResult(const rocksdb::Status& s, absl::string_view what);

  // Guards the DB pointer against Close(); readers and writers share it.
  mutable absl::Mutex mu_;
  std::unique_ptr<rocksdb::DB> db_ ABSL_GUARDED_BY(mu_);
  const bool secondary_;
  // The latch: write_failed_ is set (once) after write_error_, so that every write's
  // check is one atomic load while writes work.
  std::atomic<bool> write_failed_{false};
  mutable absl::Mutex error_mu_;
  absl::Status write_error_ ABSL_GUARDED_BY(error_mu_);

  // The tail cache (RocksOpenOptions::tail_cache_bytes): batches in commit order.
  size_t tail_cache_bytes_ = 0;
  absl::Mutex write_mu_;  // orders writes with their tail entries
  mutable absl::Mutex tail_mu_;
  std::deque<WalBatch> tail_ ABSL_GUARDED_BY(tail_mu_);
  size_t tail_bytes_ ABSL_GUARDED_BY(tail_mu_) = 0;
};

}  // namespace dateline

#endif  // DATELINE_LIB_STORE_ROCKS_KV_STORE_H_
