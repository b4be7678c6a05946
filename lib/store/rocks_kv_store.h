// RocksKvStore: KvStore over RocksDB 7.8, as the single writer (primary) or as a
// read-only secondary instance that follows the primary's files.
#ifndef DATELINE_LIB_STORE_ROCKS_KV_STORE_H_
#define DATELINE_LIB_STORE_ROCKS_KV_STORE_H_

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
  absl::Status Write(const KvBatch& batch, bool sync) override;
  absl::Status Scan(absl::string_view start, absl::string_view limit, bool reverse,
                    const ScanFn& fn) const override;
  absl::Status SyncWal() override;
  uint64_t LatestSequence() const override;
  absl::Status CatchUp() override;
  absl::Status Close() override;

 private:
  RocksKvStore(std::unique_ptr<rocksdb::DB> db, bool secondary);

  // Guards the DB pointer against Close(); readers and writers share it.
  mutable absl::Mutex mu_;
  std::unique_ptr<rocksdb::DB> db_ ABSL_GUARDED_BY(mu_);
  const bool secondary_;
};

}  // namespace dateline

#endif  // DATELINE_LIB_STORE_ROCKS_KV_STORE_H_
