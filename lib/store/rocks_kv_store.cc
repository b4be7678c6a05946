#include "lib/store/rocks_kv_store.h"

#include <cstdarg>
#include <cstdio>

#include "lib/common/log.h"

#include <algorithm>
#include <filesystem>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "lib/store/insert_hint.h"
#include "lib/store/keys.h"
#include "rocksdb/cache.h"
#include "rocksdb/listener.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/transaction_log.h"
#include "rocksdb/utilities/checkpoint.h"
#include "rocksdb/options.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"

namespace dateline {
namespace {

// After a background error (a write-ahead log or flush write failed, e.g. disk full)
// RocksDB would try to resume by itself once space returns; resuming syncs the log
// writer that failed, which RocksDB 7.8 (Debian's build keeps assertions) answers
// with an abort. So no automatic resume: the store stops writes (WriteError) and a
// restart recovers from the synced log (docs/storage.md, "Disk full").
class NoAutoRecovery : public rocksdb::EventListener {
 public:
  void OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason, rocksdb::Status,
                            bool* auto_recovery) override {
    *auto_recovery = false;
  }
};

// RocksDB's info log, to the process's own log (stderr) at WARN and above, never to a
// LOG file in the store directory: on a full disk a failed LOG append leaves RocksDB's
// file writer in an error state in which the next log line (the one reporting the
// error) aborts the process. Warnings and errors (background errors, corruption found
// by compaction, recovery dropping a torn log tail) stay visible, in the container
// log; the routine statistics RocksDB writes at INFO are not kept.
class StderrLogger : public rocksdb::Logger {
 public:
  StderrLogger() : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL) {}
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    Logv(rocksdb::InfoLogLevel::WARN_LEVEL, format, ap);
  }
  void Logv(const rocksdb::InfoLogLevel level, const char* format, va_list ap) override {
    if (level < GetInfoLogLevel()) return;
    char buf[2048];
    va_list copy;
    va_copy(copy, ap);
    int n = std::vsnprintf(buf, sizeof buf, format, copy);
    va_end(copy);
    if (n < 0) return;
    LogLine(level >= rocksdb::InfoLogLevel::ERROR_LEVEL ? "ERROR" : "WARN",
            absl::StrCat("rocksdb: ", absl::string_view(buf, std::min<size_t>(n, sizeof buf - 1))));
  }
};

rocksdb::Options BaseOptions(const RocksOpenOptions& o) {
  rocksdb::Options options;
  if (o.env != nullptr) options.env = o.env;
  options.IncreaseParallelism(2);
  options.compression = rocksdb::kLZ4Compression;
  options.bottommost_compression = rocksdb::kZSTD;
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  if (o.block_cache_bytes > 0) table.block_cache = rocksdb::NewLRUCache(o.block_cache_bytes);
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  // Measured in docs/benchmarks.md ("Import"): an ingest looks up names, uids and
  // request ids that mostly do not exist yet, and writes each key family in near key
  // order. A whole-key bloom filter in the memtable (1.3 MiB of the 64 MiB memtable,
  // about 50 bits per key) answers those misses without a skiplist search; an insert
  // hint per key family (insert_hint.h) starts each insert next to the family's last.
  options.memtable_prefix_bloom_size_ratio = 0.02;
  options.memtable_whole_key_filtering = true;
  options.memtable_insert_with_hint_prefix_extractor = std::make_shared<KeyFamilyHint>();
  static const auto* logger = new std::shared_ptr<rocksdb::Logger>(std::make_shared<StderrLogger>());
  options.info_log = *logger;
  options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  // Corruption (docs/storage.md, "Corruption and recovery"): paranoid checks make
  // RocksDB stop writes on a background error it finds (e.g. a corrupt file read during
  // compaction) instead of carrying on; every read verifies block checksums (the
  // ReadOptions default). Write-ahead log recovery is point-in-time: replay stops at
  // the first record that is torn or does not match its checksum, so a crash in the
  // middle of appending a batch (never acknowledged: acknowledgement follows the sync)
  // leaves the store at the last whole batch and the server starts. kAbsoluteConsistency
  // would refuse to start after every such crash.
  options.paranoid_checks = true;
  options.listeners.push_back(std::make_shared<NoAutoRecovery>());
  options.max_bgerror_resume_count = 0;
  options.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  options.WAL_ttl_seconds = o.wal_ttl_seconds;
  options.WAL_size_limit_MB = o.wal_size_limit_mb;
  return options;
}

rocksdb::Slice ToSlice(absl::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

}  // namespace

absl::Status FromRocks(const rocksdb::Status& s, absl::string_view context) {
  if (s.ok()) return absl::OkStatus();
  std::string msg = absl::StrCat(context, ": ", s.ToString());
  if (s.IsNoSpace()) return absl::ResourceExhaustedError(absl::StrCat("disk full: ", msg));
  switch (s.code()) {
    case rocksdb::Status::kNotFound:
      return absl::NotFoundError(msg);
    case rocksdb::Status::kCorruption:
      return absl::DataLossError(msg);
    case rocksdb::Status::kNotSupported:
      return absl::UnimplementedError(msg);
    case rocksdb::Status::kInvalidArgument:
      return absl::InvalidArgumentError(msg);
    case rocksdb::Status::kBusy:
    case rocksdb::Status::kTryAgain:
    case rocksdb::Status::kTimedOut:
    case rocksdb::Status::kShutdownInProgress:
      return absl::UnavailableError(msg);
    case rocksdb::Status::kAborted:
      return absl::AbortedError(msg);
    default:
      return absl::InternalError(msg);
  }
}

absl::StatusOr<std::unique_ptr<RocksKvStore>> RocksKvStore::OpenPrimary(
    const std::string& path, const RocksOpenOptions& o) {
  rocksdb::Options options = BaseOptions(o);
  options.create_if_missing = true;
  if (o.env == nullptr) {
    std::error_code ec;  // RocksDB creates the last directory only.
    std::filesystem::create_directories(path, ec);
  }
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, path, &raw);
  if (!s.ok()) {
    absl::Status st = FromRocks(s, absl::StrCat("open ", path));
    // A held LOCK is an I/O error in RocksDB; name it for operators.
    if (s.IsIOError() && s.ToString().find("lock") != std::string::npos) {
      return absl::FailedPreconditionError(absl::StrCat(
          st.message(), " (another dateline-ingest is writing this store?)"));
    }
    return st;
  }
  std::unique_ptr<RocksKvStore> store(
      new RocksKvStore(std::unique_ptr<rocksdb::DB>(raw), /*secondary=*/false));
  store->tail_cache_bytes_ = o.tail_cache_bytes;
  return store;
}

absl::StatusOr<std::unique_ptr<RocksKvStore>> RocksKvStore::OpenSecondary(
    const std::string& primary_path, const std::string& secondary_path,
    const RocksOpenOptions& o) {
  rocksdb::Options options = BaseOptions(o);
  options.max_open_files = -1;  // Required for a secondary to keep files it read.
  rocksdb::Env* env = options.env;
  if (!env->FileExists(primary_path + "/CURRENT").ok()) {
    return absl::NotFoundError(
        absl::StrCat("store ", primary_path, " does not exist yet (no CURRENT file)"));
  }
  env->CreateDirIfMissing(secondary_path).PermitUncheckedError();
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::OpenAsSecondary(options, primary_path, secondary_path, &raw);
  if (!s.ok()) return FromRocks(s, absl::StrCat("open secondary ", primary_path));
  return std::unique_ptr<RocksKvStore>(
      new RocksKvStore(std::unique_ptr<rocksdb::DB>(raw), /*secondary=*/true));
}

RocksKvStore::RocksKvStore(std::unique_ptr<rocksdb::DB> db, bool secondary)
    : db_(std::move(db)), secondary_(secondary) {}

RocksKvStore::~RocksKvStore() { Close().IgnoreError(); }

absl::StatusOr<std::optional<std::string>> RocksKvStore::Get(absl::string_view key) const {
  absl::ReaderMutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("store is closed");
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), ToSlice(key), &value);
  if (s.IsNotFound()) return std::nullopt;
  if (!s.ok()) return FromRocks(s, "get");
  return value;
}

absl::StatusOr<std::vector<std::optional<std::string>>> RocksKvStore::MultiGet(
    const std::vector<std::string>& keys) const {
  absl::ReaderMutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("store is closed");
  std::vector<rocksdb::Slice> slices;
  slices.reserve(keys.size());
  for (const std::string& k : keys) slices.emplace_back(k);
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  // One snapshot for all keys (RocksDB takes one when ReadOptions has none); batched
  // lookups share index and filter probes per file.
  db_->MultiGet(rocksdb::ReadOptions(), db_->DefaultColumnFamily(), keys.size(), slices.data(),
                values.data(), statuses.data());
  std::vector<std::optional<std::string>> out(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    if (!statuses[i].ok()) return FromRocks(statuses[i], "multiget");
    out[i].emplace(values[i].data(), values[i].size());
  }
  return out;
}

absl::Status RocksKvStore::Write(const KvBatch& batch, bool sync) {
  if (secondary_) return absl::FailedPreconditionError("store is a read-only secondary");
  rocksdb::WriteBatch wb;
  for (const KvBatch::Op& op : batch.ops()) {
    rocksdb::Status s;
    switch (op.kind) {
      case KvBatch::OpKind::kPut:
        s = wb.Put(ToSlice(op.key), ToSlice(op.value));
        break;
      case KvBatch::OpKind::kDelete:
        s = wb.Delete(ToSlice(op.key));
        break;
      case KvBatch::OpKind::kLogData:
        s = wb.PutLogData(ToSlice(op.value));
        break;
    }
    if (!s.ok()) return FromRocks(s, "batch");
  }
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  absl::ReaderMutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("store is closed");
  if (absl::Status failed = WriteError(); !failed.ok()) return failed;
  if (tail_cache_bytes_ == 0) return RecordWriteResult(db_->Write(wo, &wb), "write");
  absl::MutexLock ordered(&write_mu_);
  absl::Status st = RecordWriteResult(db_->Write(wo, &wb), "write");
  if (!st.ok() || wb.Count() == 0) return st;
  WalBatch entry;
  entry.count = wb.Count();
  entry.sequence = db_->GetLatestSequenceNumber() - entry.count + 1;
  entry.data = wb.Data();
  absl::MutexLock tail(&tail_mu_);
  tail_bytes_ += entry.data.size();
  tail_.push_back(std::move(entry));
  while (tail_bytes_ > tail_cache_bytes_ && tail_.size() > 1) {
    tail_bytes_ -= tail_.front().data.size();
    tail_.pop_front();
  }
  return st;
}

absl::Status RocksKvStore::Scan(absl::string_view start, absl::string_view limit,
                                bool reverse, const ScanFn& fn) const {
  absl::ReaderMutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("store is closed");
  rocksdb::ReadOptions ro;
  rocksdb::Slice lower = ToSlice(start), upper = ToSlice(limit);
  ro.iterate_lower_bound = &lower;
  if (!limit.empty()) ro.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
  if (reverse) {
    if (limit.empty()) {
      it->SeekToLast();
    } else {
      it->SeekForPrev(upper);
      if (it->Valid() && it->key() == upper) it->Prev();
    }
  } else {
    it->Seek(lower);
  }
  for (; it->Valid(); reverse ? it->Prev() : it->Next()) {
    rocksdb::Slice k = it->key(), v = it->value();
    if (!fn(absl::string_view(k.data(), k.size()), absl::string_view(v.data(), v.size()))) {
      break;
    }
  }
  return FromRocks(it->status(), "scan");
}

absl::Status RocksKvStore::SyncWal() {
  if (secondary_) return absl::FailedPreconditionError("store is a read-only secondary");
  absl::ReaderMutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("store is closed");
  if (absl::Status failed = WriteError(); !failed.ok()) return failed;
  rocksdb::Status s = db_->SyncWAL();
  if (s.IsNotSupported()) return absl::OkStatus();  // in-memory Env of tests
  return RecordWriteResult(s, "sync WAL");
}

absl::Status RocksKvStore::WriteError() const {
  if (!write_failed_.load(std::memory_order_acquire)) return absl::OkStatus();
  absl::MutexLock lock(&error_mu_);
  return write_error_;
}

absl::Status RocksKvStore::RecordWriteResult(const rocksdb::Status& s, absl::string_view what) {
  if (s.ok()) return absl::OkStatus();
  absl::Status st = FromRocks(s, what);
  // An I/O error leaves RocksDB's log writer in an error state in which a later sync
  // aborts the process (an assertion of RocksDB 7.8's WritableFileWriter): no write or
  // sync may reach RocksDB again in this process.
  if (s.IsIOError() || s.IsCorruption()) {
    st = absl::Status(st.code(), absl::StrCat(st.message(),
                                              "; writes are stopped until dateline-ingest "
                                              "restarts (with the cause fixed)"));
    absl::MutexLock lock(&error_mu_);
    if (write_error_.ok()) write_error_ = st;
    write_failed_.store(true, std::memory_order_release);
  }
  return st;
}

std::optional<uint64_t> RocksKvStore::IntProperty(absl::string_view name) const {
  absl::ReaderMutexLock lock(&mu_);
  if (db_ == nullptr) return std::nullopt;
  uint64_t value = 0;
  if (!db_->GetIntProperty(ToSlice(name), &value)) return std::nullopt;
  return value;
}

uint64_t RocksKvStore::LatestSequence() const {
  absl::ReaderMutexLock lock(&mu_);
  return db_ == nullptr ? 0 : db_->GetLatestSequenceNumber();
}

absl::Status RocksKvStore::CatchUp() {
  if (!secondary_) return absl::OkStatus();
  absl::ReaderMutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("store is closed");
  return FromRocks(db_->TryCatchUpWithPrimary(), "catch up with primary");
}

absl::Status RocksKvStore::Close() {
  absl::MutexLock lock(&mu_);
  if (db_ == nullptr) return absl::OkStatus();
  absl::Status st;
  if (!secondary_) {
    // Acknowledged writes were synced already; this covers unsynced ones. Envs that
    // cannot sync (the in-memory Env of tests) report NotSupported, which is fine.
    // After a failed write the log writer must not be synced again (RecordWriteResult);
    // what was acknowledged was synced before the failure.
    if (WriteError().ok()) {
      rocksdb::Status fs = db_->SyncWAL();
      if (!fs.IsNotSupported()) st = FromRocks(fs, "sync WAL");
    }
    absl::Status cs = FromRocks(db_->Close(), "close");
    if (!cs.ok() && !WriteError().ok()) {
      // RocksDB reports the background error that stopped writes again; it was
      // answered to every writer since, and everything acknowledged is synced.
      LogError("store closed after writes had stopped: ", cs.message());
      cs = absl::OkStatus();
    }
    if (st.ok()) st = cs;
  }
  db_.reset();
  return st;
}

absl::Status RocksKvStore::ReadWal(uint64_t from, uint64_t up_to,
                                   const std::function<bool(WalBatch)>& fn) const {
  if (secondary_) return absl::FailedPreconditionError("store is a read-only secondary");
  absl::ReaderMutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("store is closed");
  if (from == 0) from = 1;
  if (from > db_->GetLatestSequenceNumber()) return absl::OkStatus();
  {
    absl::ReaderMutexLock tail(&tail_mu_);
    if (!tail_.empty() && from >= tail_.front().sequence) {
      auto it = std::lower_bound(tail_.begin(), tail_.end(), from,
                                 [](const WalBatch& b, uint64_t s) { return b.last() < s; });
      for (; it != tail_.end() && it->sequence <= up_to; ++it) {
        if (!fn(*it)) break;
      }
      return absl::OkStatus();
    }
  }
  std::unique_ptr<rocksdb::TransactionLogIterator> it;
  rocksdb::Status s = db_->GetUpdatesSince(from, &it);
  if (!s.ok()) {
    return absl::OutOfRangeError(absl::StrCat(
        "sequence ", from, " is no longer in the write-ahead log (", s.ToString(),
        "); bootstrap from a snapshot"));
  }
  bool first = true;
  for (; it->Valid(); it->Next()) {
    rocksdb::BatchResult r = it->GetBatch();
    WalBatch b;
    b.sequence = r.sequence;
    b.count = r.writeBatchPtr->Count();
    if (first && b.sequence > from) {
      return absl::OutOfRangeError(absl::StrCat(
          "sequence ", from, " is no longer in the write-ahead log (it starts at ",
          b.sequence, "); bootstrap from a snapshot"));
    }
    first = false;
    if (b.sequence > up_to) break;
    if (b.count == 0 || b.last() < from) continue;
    b.data = r.writeBatchPtr->Data();
    if (!fn(std::move(b))) return absl::OkStatus();
  }
  rocksdb::Status st = it->status();
  // The end of the log reads as TryAgain ("create a new iterator for the new tail").
  if (!st.ok() && !st.IsTryAgain()) return FromRocks(st, "read write-ahead log");
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> RocksKvStore::Checkpoint(const std::string& dir) const {
  if (secondary_) return absl::FailedPreconditionError("store is a read-only secondary");
  absl::ReaderMutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("store is closed");
  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status s = rocksdb::Checkpoint::Create(db_.get(), &raw);
  if (!s.ok()) return FromRocks(s, "checkpoint");
  std::unique_ptr<rocksdb::Checkpoint> cp(raw);
  uint64_t sequence = 0;
  s = cp->CreateCheckpoint(dir, /*log_size_for_flush=*/0, &sequence);
  if (!s.ok()) return FromRocks(s, absl::StrCat("checkpoint into ", dir));
  return sequence;
}

absl::Status RocksKvStore::VerifyChecksums() const {
  absl::ReaderMutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("store is closed");
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;  // a full scan of the files must not evict the readers' blocks
  return FromRocks(db_->VerifyChecksum(ro), "verify store checksums");
}

rocksdb::DB* RocksKvStore::rocks_db() const {
  absl::ReaderMutexLock lock(&mu_);
  return db_.get();
}

absl::Status RocksKvStore::ApplyReplicated(const WalBatch& batch, bool sync) {
  rocksdb::WriteBatch wb(batch.data);
  if (wb.Count() != batch.count) {
    return absl::DataLossError(absl::StrCat("replicated batch at ", batch.sequence, " has ",
                                            wb.Count(), " operations, expected ",
                                            batch.count));
  }
  rocksdb::Status s = wb.Put(ToSlice(keys::kReplicatedSequenceKey),
                             ToSlice(absl::StrCat(batch.last())));
  if (!s.ok()) return FromRocks(s, "replicated batch");
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  absl::ReaderMutexLock lock(&mu_);
  if (db_ == nullptr) return absl::UnavailableError("store is closed");
  if (absl::Status failed = WriteError(); !failed.ok()) return failed;
  return RecordWriteResult(db_->Write(wo, &wb), "apply replicated batch");
}

absl::Status RocksKvStore::SetReplicatedSequence(uint64_t sequence) {
  KvBatch b;
  b.Put(std::string(keys::kReplicatedSequenceKey), absl::StrCat(sequence));
  return Write(b, /*sync=*/true);
}

absl::StatusOr<uint64_t> RocksKvStore::ReplicatedSequence() const {
  absl::StatusOr<std::optional<std::string>> v = Get(keys::kReplicatedSequenceKey);
  if (!v.ok()) return v.status();
  if (!v->has_value()) return 0;
  uint64_t n = 0;
  if (!absl::SimpleAtoi(**v, &n)) return absl::DataLossError("unparsable replicated sequence");
  return n;
}

}  // namespace dateline
