// Replica: the query side of replication. Keeps its own RocksDB copy of the writer's
// store in a directory, bootstraps it from a snapshot when it has none (or when the
// writer no longer has the WAL it needs), then tails the writer's committed batches.
// Each batch is applied together with the writer sequence it reaches in one
// WriteBatch, so a replica killed at any point resumes exactly where it was.
//
// Directory layout: DIR/current is a symlink to DIR/store-N, the copy in use; a
// bootstrap fills DIR/store-M.tmp, renames it to DIR/store-M and swaps the symlink
// atomically (rename); anything else is removed at start-up.
#ifndef DATELINE_LIB_REPLICATION_REPLICA_H_
#define DATELINE_LIB_REPLICATION_REPLICA_H_

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "grpcpp/security/credentials.h"
#include "dateline/replication/v1/replication.grpc.pb.h"
#include "lib/common/sequence_notifier.h"
#include "lib/replication/change_log.h"
#include "lib/store/consistent_view.h"
#include "lib/store/kv_store.h"
#include "lib/store/rocks_kv_store.h"

namespace dateline {

struct ReplicaOptions {
  std::string upstream;  // HOST:PORT of dateline-ingest
  std::string dir;       // the replica's own directory
  // Health turns NOT_SERVING when the replica has not been caught up with the writer
  // for this long (e.g. the writer is unreachable).
  absl::Duration max_lag = absl::Seconds(30);
  // Reconnect backoff: doubled after each failure up to the cap, with +-25% jitter.
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(2);
  size_t watch_window = 10000;  // changes kept for WatchEvents
  RocksOpenOptions rocks;       // how the local copy is opened (block cache, ...)
  // How to reach the upstream (null: plaintext); TLS / mTLS from lib/tls.
  std::shared_ptr<grpc::ChannelCredentials> credentials;
};

// Thread-safe.
class Replica : public ConsistentView {
 public:
  // Opens the local copy in options.dir if there is one and starts following the
  // writer on a background thread. Errors: INTERNAL when the directory cannot be
  // created or its copy cannot be opened; DATA_LOSS for an unreadable copy.
  static absl::StatusOr<std::unique_ptr<Replica>> Start(const ReplicaOptions& options);
  ~Replica() override;  // stops following and closes the copy

  // The copy, for reads (stays valid across a re-bootstrap). Writes fail
  // FAILED_PRECONDITION; reads fail UNAVAILABLE until the first bootstrap is done.
  KvStore* kv();

  // Recent changes for WatchEvents.
  const ChangeLog& changes() const { return changes_; }

  // The writer sequence this copy has durably applied.
  uint64_t applied() const { return applied_.Get(); }

  // True once the replica has caught up with the writer, until it has not been caught
  // up for max_lag.
  bool Serving() const;

  // How far behind the writer this replica is, for metrics.
  struct Lag {
    uint64_t upstream = 0;  // the writer's durable sequence, as last heard from it
    uint64_t applied = 0;   // what this copy has applied
    // Since the copy was last caught up; nullopt before the first time.
    std::optional<absl::Duration> since_caught_up;
  };
  Lag CurrentLag() const;

  absl::Status WaitFor(uint64_t sequence, absl::Time deadline) override;

 protected:
  absl::Mutex* view_mutex() override { return &view_mu_; }

 private:
  class CopyStore;
  explicit Replica(const ReplicaOptions& options);

  void Loop();
  absl::Status Bootstrap(replication::v1::ReplicationService::Stub* stub);
  // Streams until the stream fails or Stop. Sets *progressed when a batch or heartbeat
  // arrived.
  absl::Status Tail(replication::v1::ReplicationService::Stub* stub, bool* progressed);
  absl::Status Apply(const replication::v1::UpdateBatch& msg);
  void NoteUpstream(uint64_t durable);

  const ReplicaOptions options_;
  std::unique_ptr<CopyStore> copy_;
  absl::Mutex view_mu_;
  SequenceNotifier applied_;
  ChangeLog changes_;

  mutable absl::Mutex lag_mu_;
  bool caught_up_once_ ABSL_GUARDED_BY(lag_mu_) = false;
  absl::Time last_caught_up_ ABSL_GUARDED_BY(lag_mu_) = absl::InfinitePast();
  uint64_t upstream_durable_ ABSL_GUARDED_BY(lag_mu_) = 0;

  absl::Notification stop_;
  absl::Mutex call_mu_;
  grpc::ClientContext* call_ ABSL_GUARDED_BY(call_mu_) = nullptr;
  std::thread thread_;
};

}  // namespace dateline

#endif  // DATELINE_LIB_REPLICATION_REPLICA_H_
