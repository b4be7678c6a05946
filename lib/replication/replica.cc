#include "lib/replication/replica.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpcpp/grpcpp.h"
#include "lib/common/log.h"
#include "lib/server/grpc_status.h"
#include "lib/store/event_store.h"
#include "lib/store/wal_changes.h"

namespace dateline {
namespace {

namespace fs = std::filesystem;
namespace rv1 = replication::v1;

constexpr char kCurrent[] = "current";
constexpr char kStorePrefix[] = "store-";

absl::Status Errno(absl::string_view what, const fs::path& p) {
  return absl::InternalError(absl::StrCat(what, " ", p.string(), ": ", std::strerror(errno)));
}

absl::Status FsyncPath(const fs::path& p) {
  int fd = ::open(p.c_str(), O_RDONLY);
  if (fd < 0) return Errno("open", p);
  int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? absl::OkStatus() : Errno("fsync", p);
}

// The number N of a "store-N" directory name, or -1.
int64_t StoreNumber(const std::string& name) {
  int64_t n = -1;
  if (!absl::StartsWith(name, kStorePrefix)) return -1;
  if (!absl::SimpleAtoi(name.substr(sizeof(kStorePrefix) - 1), &n)) return -1;
  return n;
}

}  // namespace

// The copy in use, swappable under an exclusive lock (a re-bootstrap).
class Replica::CopyStore : public KvStore {
 public:
  RocksKvStore* rocks() ABSL_SHARED_LOCKS_REQUIRED(mu) { return store.get(); }

  absl::StatusOr<std::optional<std::string>> Get(absl::string_view key) const override {
    absl::ReaderMutexLock lock(&mu);
    if (store == nullptr) return NoCopy();
    return store->Get(key);
  }
  absl::StatusOr<std::vector<std::optional<std::string>>> MultiGet(
      const std::vector<std::string>& keys) const override {
    absl::ReaderMutexLock lock(&mu);
    if (store == nullptr) return NoCopy();
    return store->MultiGet(keys);
  }
  absl::Status Write(const KvBatch&, bool) override {
    return absl::FailedPreconditionError("a replica is read-only");
  }
  absl::Status Scan(absl::string_view start, absl::string_view limit, bool reverse,
                    const ScanFn& fn) const override {
    absl::ReaderMutexLock lock(&mu);
    if (store == nullptr) return NoCopy();
    return store->Scan(start, limit, reverse, fn);
  }
  absl::Status SyncWal() override {
    absl::ReaderMutexLock lock(&mu);
    return store == nullptr ? NoCopy() : store->SyncWal();
  }
  uint64_t LatestSequence() const override {
    absl::ReaderMutexLock lock(&mu);
    return store == nullptr ? 0 : store->LatestSequence();
  }
  std::optional<uint64_t> IntProperty(absl::string_view name) const override {
    absl::ReaderMutexLock lock(&mu);
    if (store == nullptr) return std::nullopt;
    return store->IntProperty(name);
  }
  uint64_t Generation() const override {
    absl::ReaderMutexLock lock(&mu);
    return generation;
  }
  // Makes `next` the copy read from; returns the previous one (or null) to be closed.
  std::unique_ptr<RocksKvStore> Replace(std::unique_ptr<RocksKvStore> next)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    std::unique_ptr<RocksKvStore> previous = std::move(store);
    store = std::move(next);
    ++generation;
    return previous;
  }
  absl::Status CatchUp() override { return absl::OkStatus(); }
  absl::Status Close() override {
    absl::MutexLock lock(&mu);
    if (store == nullptr) return absl::OkStatus();
    absl::Status st = store->Close();
    store.reset();
    return st;
  }

  static absl::Status NoCopy() {
    return absl::UnavailableError("the replica has no copy of the store yet (bootstrapping)");
  }

  mutable absl::Mutex mu;
  std::unique_ptr<RocksKvStore> store ABSL_GUARDED_BY(mu);
  uint64_t generation ABSL_GUARDED_BY(mu) = 0;
};

Replica::Replica(const ReplicaOptions& options)
    : options_(options), copy_(std::make_unique<CopyStore>()),
      changes_(options.watch_window) {}

absl::StatusOr<std::unique_ptr<Replica>> Replica::Start(const ReplicaOptions& options) {
  std::unique_ptr<Replica> r(new Replica(options));
  const fs::path dir = options.dir;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return absl::InternalError(absl::StrCat("create ", dir.string(), ": ", ec.message()));
  // Whatever a crash left (a half-received snapshot, a copy no longer current) goes.
  fs::path current;
  if (fs::is_symlink(dir / kCurrent)) current = fs::read_symlink(dir / kCurrent, ec);
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name == kCurrent || name == current.string()) continue;
    if (absl::StartsWith(name, kStorePrefix) || absl::StartsWith(name, "current.")) {
      fs::remove_all(e.path(), ec);
    }
  }
  if (!current.empty()) {
    auto opened = RocksKvStore::OpenPrimary((dir / current).string(), options.rocks);
    if (!opened.ok()) return opened.status();
    EventStore check(opened->get());
    if (absl::Status f = check.CheckFormat(); !f.ok()) return f;
    absl::StatusOr<uint64_t> seq = (*opened)->ReplicatedSequence();
    if (!seq.ok()) return seq.status();
    r->applied_.Advance(*seq);
    r->changes_.Reset(*seq);
    LogInfo("dateline-query: replica copy ", (dir / current).string(), " at writer sequence ",
            *seq);
    absl::MutexLock lock(&r->copy_->mu);
    r->copy_->Replace(*std::move(opened));
  }
  r->thread_ = std::thread([p = r.get()] { p->Loop(); });
  return r;
}

Replica::~Replica() {
  stop_.Notify();
  {
    absl::MutexLock lock(&call_mu_);
    if (call_ != nullptr) call_->TryCancel();
  }
  if (thread_.joinable()) thread_.join();
  copy_->Close().IgnoreError();
}

KvStore* Replica::kv() { return copy_.get(); }

bool Replica::Serving() const {
  absl::MutexLock lock(&lag_mu_);
  return caught_up_once_ && absl::Now() - last_caught_up_ <= options_.max_lag;
}

absl::Status Replica::WaitFor(uint64_t sequence, absl::Time deadline) {
  uint64_t got = applied_.WaitAtLeast(sequence, deadline);
  if (got >= sequence) return absl::OkStatus();
  return absl::UnavailableError(absl::StrCat(
      "consistency_token: this replica has applied the writer's writes up to ", got,
      " and needs ", sequence, "; not reached by the deadline (replicating from ",
      options_.upstream, ")"));
}

Replica::Lag Replica::CurrentLag() const {
  Lag lag;
  lag.applied = applied_.Get();
  absl::MutexLock lock(&lag_mu_);
  lag.upstream = upstream_durable_;
  if (caught_up_once_) lag.since_caught_up = absl::Now() - last_caught_up_;
  return lag;
}

void Replica::NoteUpstream(uint64_t durable) {
  {
    absl::MutexLock lock(&lag_mu_);
    upstream_durable_ = durable;
  }
  if (applied_.Get() < durable) return;
  absl::MutexLock lock(&lag_mu_);
  if (!caught_up_once_) LogInfo("dateline-query: replica caught up at writer sequence ", durable);
  caught_up_once_ = true;
  last_caught_up_ = absl::Now();
}

void Replica::Loop() {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  auto channel =
      grpc::CreateCustomChannel(options_.upstream,
                                options_.credentials != nullptr
                                    ? options_.credentials
                                    : grpc::InsecureChannelCredentials(),
                                args);
  auto stub = rv1::ReplicationService::NewStub(channel);
  std::mt19937_64 rng(std::random_device{}());
  absl::Duration backoff = options_.initial_backoff;
  bool need_bootstrap = false;
  absl::Time last_log = absl::InfinitePast();
  while (!stop_.HasBeenNotified()) {
    bool has_copy;
    {
      absl::ReaderMutexLock lock(&copy_->mu);
      has_copy = copy_->rocks() != nullptr;
    }
    absl::Status st;
    bool progressed = false;
    if (!has_copy || need_bootstrap) {
      st = Bootstrap(stub.get());
      if (st.ok()) {
        need_bootstrap = false;
        progressed = true;
        backoff = options_.initial_backoff;
        continue;
      }
    } else {
      st = Tail(stub.get(), &progressed);
    }
    if (stop_.HasBeenNotified()) break;
    if (st.code() == absl::StatusCode::kOutOfRange ||
        st.code() == absl::StatusCode::kInvalidArgument ||
        st.code() == absl::StatusCode::kDataLoss) {
      LogError("dateline-query: replication from ", options_.upstream, ": ", st.ToString(),
               "; bootstrapping from a snapshot");
      need_bootstrap = true;
    } else if (absl::Now() - last_log > absl::Seconds(10)) {
      LogError("dateline-query: replication from ", options_.upstream, ": ", st.ToString(),
               "; retrying");
      last_log = absl::Now();
    }
    if (progressed) backoff = options_.initial_backoff;
    std::uniform_real_distribution<double> jitter(0.75, 1.25);
    stop_.WaitForNotificationWithTimeout(backoff * jitter(rng));
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

absl::Status Replica::Tail(rv1::ReplicationService::Stub* stub, bool* progressed) {
  grpc::ClientContext ctx;
  {
    absl::MutexLock lock(&call_mu_);
    if (stop_.HasBeenNotified()) return absl::CancelledError("stopping");
    call_ = &ctx;
  }
  rv1::StreamUpdatesRequest req;
  req.set_start_sequence(applied_.Get() + 1);
  auto reader = stub->StreamUpdates(&ctx, req);
  rv1::UpdateBatch msg;
  absl::Status st;
  while (reader->Read(&msg)) {
    *progressed = true;
    st = Apply(msg);
    if (!st.ok()) {
      ctx.TryCancel();
      break;
    }
  }
  grpc::Status done = reader->Finish();
  {
    absl::MutexLock lock(&call_mu_);
    call_ = nullptr;
  }
  if (!st.ok()) return st;
  if (!done.ok()) return FromGrpcStatus(done);
  return absl::UnavailableError("the writer ended the replication stream");
}

absl::Status Replica::Apply(const rv1::UpdateBatch& msg) {
  if (msg.batches_size() > 0) {
    std::vector<std::pair<uint64_t, std::vector<EventChange>>> changes;
    uint64_t applied = applied_.Get();
    {
      absl::WriterMutexLock view(&view_mu_);
      absl::ReaderMutexLock lock(&copy_->mu);
      RocksKvStore* store = copy_->rocks();
      if (store == nullptr) return CopyStore::NoCopy();
      for (const rv1::WalBatch& b : msg.batches()) {
        WalBatch batch{b.sequence(), b.count(), b.data()};
        if (batch.count == 0) continue;
        if (batch.last() <= applied) continue;  // already have it
        if (batch.sequence != applied + 1) {
          return absl::DataLossError(absl::StrCat("replication gap: have up to ", applied,
                                                  ", the writer sent a batch at ",
                                                  batch.sequence));
        }
        absl::StatusOr<std::vector<EventChange>> decoded = DecodeChanges(batch.data);
        if (!decoded.ok()) return decoded.status();
        absl::Status st = store->ApplyReplicated(batch, /*sync=*/false);
        if (!st.ok()) return st;
        applied = batch.last();
        changes.emplace_back(applied, *std::move(decoded));
      }
      // Durable before anyone is told: a token read or a watcher never sees a change
      // this replica could lose.
      absl::Status synced = store->SyncWal();
      if (!synced.ok()) return synced;
    }
    for (auto& [seq, c] : changes) changes_.Append(seq, std::move(c));
    applied_.Advance(applied);
  }
  NoteUpstream(msg.durable_sequence());
  return absl::OkStatus();
}

absl::Status Replica::Bootstrap(rv1::ReplicationService::Stub* stub) {
  const fs::path dir = options_.dir;
  int64_t n = 0;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
    n = std::max(n, StoreNumber(e.path().filename().string()) + 1);
  }
  const std::string name = absl::StrCat(kStorePrefix, n);
  const fs::path tmp = dir / (name + ".tmp");
  fs::remove_all(tmp, ec);
  fs::create_directories(tmp, ec);
  if (ec) return absl::InternalError(absl::StrCat("create ", tmp.string(), ": ", ec.message()));

  grpc::ClientContext ctx;
  {
    absl::MutexLock lock(&call_mu_);
    if (stop_.HasBeenNotified()) return absl::CancelledError("stopping");
    call_ = &ctx;
  }
  const absl::Time started = absl::Now();
  auto reader = stub->GetSnapshot(&ctx, rv1::GetSnapshotRequest());
  rv1::SnapshotChunk chunk;
  rv1::SnapshotManifest manifest;
  absl::Status st;
  bool have_manifest = false;
  std::vector<uLong> crcs;
  std::vector<uint64_t> sizes;
  std::ofstream out;
  int open_file = -1;
  while (st.ok() && reader->Read(&chunk)) {
    if (!have_manifest) {
      if (!chunk.has_manifest()) {
        st = absl::DataLossError("snapshot stream did not start with its manifest");
        break;
      }
      manifest = chunk.manifest();
      have_manifest = true;
      if (manifest.format_version() != StoreFormatVersion()) {
        st = absl::FailedPreconditionError(absl::StrCat(
            "the writer's store has format version ", manifest.format_version(),
            "; this build reads version ", StoreFormatVersion()));
        break;
      }
      crcs.assign(manifest.files_size(), crc32(0L, Z_NULL, 0));
      sizes.assign(manifest.files_size(), 0);
      for (const auto& f : manifest.files()) {
        if (f.name().empty() || absl::StrContains(f.name(), "/") || f.name()[0] == '.') {
          st = absl::DataLossError(absl::StrCat("snapshot names a bad file \"", f.name(), "\""));
        }
      }
      // Empty files get no chunk: create every file up front.
      for (const auto& f : manifest.files()) std::ofstream(tmp / f.name(), std::ios::binary);
      continue;
    }
    int f = static_cast<int>(chunk.file());
    if (f < 0 || f >= manifest.files_size() || chunk.offset() != sizes[f]) {
      st = absl::DataLossError("snapshot chunk out of order");
      break;
    }
    if (f != open_file) {
      out.close();
      out.open(tmp / manifest.files(f).name(), std::ios::binary | std::ios::trunc);
      open_file = f;
    }
    out.write(chunk.data().data(), static_cast<std::streamsize>(chunk.data().size()));
    if (!out) st = Errno("write", tmp / manifest.files(f).name());
    crcs[f] = crc32(crcs[f], reinterpret_cast<const Bytef*>(chunk.data().data()),
                    static_cast<uInt>(chunk.data().size()));
    sizes[f] += chunk.data().size();
  }
  out.close();
  if (!st.ok()) ctx.TryCancel();
  grpc::Status done = reader->Finish();
  {
    absl::MutexLock lock(&call_mu_);
    call_ = nullptr;
  }
  if (st.ok() && !done.ok()) st = FromGrpcStatus(done);
  if (st.ok() && !have_manifest) st = absl::DataLossError("empty snapshot stream");
  for (int i = 0; st.ok() && i < manifest.files_size(); ++i) {
    const auto& f = manifest.files(i);
    if (sizes[i] != f.size() || static_cast<uint32_t>(crcs[i]) != f.crc32()) {
      st = absl::DataLossError(absl::StrCat("snapshot file ", f.name(), ": got ", sizes[i],
                                            " bytes with CRC32 ", crcs[i], ", the writer sent ",
                                            f.size(), " bytes with CRC32 ", f.crc32()));
    }
    if (st.ok()) st = FsyncPath(tmp / f.name());
  }
  if (!st.ok()) {
    fs::remove_all(tmp, ec);
    return st;
  }

  // The copy is complete: make it a store of its own, then swap it in.
  const fs::path final_dir = dir / name;
  fs::rename(tmp, final_dir, ec);
  if (ec) return absl::InternalError(absl::StrCat("rename ", tmp.string(), ": ", ec.message()));
  auto opened = RocksKvStore::OpenPrimary(final_dir.string(), options_.rocks);
  if (!opened.ok()) return opened.status();
  if (absl::Status s = (*opened)->SetReplicatedSequence(manifest.sequence()); !s.ok()) return s;
  const fs::path link_tmp = dir / "current.tmp";
  fs::remove(link_tmp, ec);
  fs::create_symlink(name, link_tmp, ec);
  if (ec) return absl::InternalError(absl::StrCat("symlink ", link_tmp.string(), ": ", ec.message()));
  if (std::rename(link_tmp.c_str(), (dir / kCurrent).c_str()) != 0) {
    return Errno("rename to", dir / kCurrent);
  }
  if (absl::Status s = FsyncPath(dir); !s.ok()) return s;

  std::unique_ptr<RocksKvStore> old;
  {
    absl::WriterMutexLock view(&view_mu_);
    absl::MutexLock lock(&copy_->mu);
    old = copy_->Replace(*std::move(opened));
    changes_.Reset(manifest.sequence());
  }
  applied_.Advance(manifest.sequence());
  if (old != nullptr) old->Close().IgnoreError();
  old.reset();
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
    const std::string other = e.path().filename().string();
    if (StoreNumber(other) >= 0 && other != name) fs::remove_all(e.path(), ec);
  }
  uint64_t bytes = 0;
  for (uint64_t s : sizes) bytes += s;
  LogInfo("dateline-query: bootstrapped from a snapshot of ", options_.upstream, " at writer sequence ",
          manifest.sequence(), " (", manifest.files_size(), " files, ", bytes, " bytes, ",
          absl::FormatDuration(absl::Now() - started), ")");
  return absl::OkStatus();
}

}  // namespace dateline
