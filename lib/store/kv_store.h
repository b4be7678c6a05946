// KvStore: the storage seam. Dateline's data model (keys.h, event_store.h) is written
// against this interface; RocksKvStore implements it over RocksDB.
#ifndef DATELINE_LIB_STORE_KV_STORE_H_
#define DATELINE_LIB_STORE_KV_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dateline {

// An ordered list of puts and deletes applied atomically by KvStore::Write, and blobs
// that go to the write-ahead log only (read back by replication, never stored as rows).
class KvBatch {
 public:
  enum class OpKind { kPut, kDelete, kLogData };
  struct Op {
    OpKind kind;
    std::string key;    // empty for kLogData
    std::string value;  // the blob for kLogData
  };
  void Put(std::string key, std::string value) {
    ops_.push_back({OpKind::kPut, std::move(key), std::move(value)});
  }
  void Delete(std::string key) { ops_.push_back({OpKind::kDelete, std::move(key), {}}); }
  void PutLogData(std::string blob) { ops_.push_back({OpKind::kLogData, {}, std::move(blob)}); }
  const std::vector<Op>& ops() const { return ops_; }
  bool empty() const { return ops_.empty(); }

 private:
  std::vector<Op> ops_;
};

// Called for each row of a scan; return false to stop the scan.
using ScanFn = std::function<bool(absl::string_view key, absl::string_view value)>;

// A sorted key-value store (keys compare bytewise).
//
// Thread-safety: all methods may be called concurrently.
class KvStore {
 public:
  virtual ~KvStore() = default;

  // Value of `key`, or nullopt when absent. Errors: DATA_LOSS (corruption),
  // INTERNAL (I/O), UNAVAILABLE (store shutting down).
  virtual absl::StatusOr<std::optional<std::string>> Get(absl::string_view key) const = 0;

  // Values of `keys` in their order (nullopt where absent). RocksKvStore reads them
  // from one snapshot with one MultiGet; this default calls Get for each. Errors as
  // Get.
  virtual absl::StatusOr<std::vector<std::optional<std::string>>> MultiGet(
      const std::vector<std::string>& keys) const;

  // Applies every op of `batch` atomically. With `sync`, returns only once the batch
  // is durable (write-ahead log synced), so it survives a process or machine crash.
  // Errors: FAILED_PRECONDITION on a read-only (secondary) store; INTERNAL (I/O).
  virtual absl::Status Write(const KvBatch& batch, bool sync) = 0;

  // Calls fn for rows with start <= key < limit in key order (descending when
  // `reverse`). An empty `limit` means no upper bound.
  virtual absl::Status Scan(absl::string_view start, absl::string_view limit, bool reverse,
                            const ScanFn& fn) const = 0;

  // Makes every write so far durable (syncs the write-ahead log). Lets a writer
  // apply several batches with sync=false and acknowledge them after one sync.
  virtual absl::Status SyncWal() = 0;

  // Sequence number of the last write visible to this store.
  virtual uint64_t LatestSequence() const = 0;

  // Changes whenever the data under this object is replaced wholesale (a replica
  // swapping in a new copy), so that (Generation, LatestSequence) names one state of
  // the store even when a new copy's sequence repeats an old one. 0 for stores that
  // are never replaced.
  virtual uint64_t Generation() const { return 0; }

  // An integer property of the engine (RocksDB's GetIntProperty, e.g.
  // "rocksdb.live-sst-files-size"), for metrics; nullopt when unknown or closed.
  virtual std::optional<uint64_t> IntProperty(absl::string_view name) const {
    (void)name;
    return std::nullopt;
  }

  // Secondary stores: replays the primary's new writes, so that they become visible.
  // Primary stores: no-op.
  virtual absl::Status CatchUp() = 0;

  // Syncs the write-ahead log and closes the store; later calls fail UNAVAILABLE.
  virtual absl::Status Close() = 0;
};

}  // namespace dateline

#endif  // DATELINE_LIB_STORE_KV_STORE_H_
