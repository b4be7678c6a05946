// ReplicationServiceImpl: the writer's side of replication (dateline.replication.v1),
// served on the ingest's port. Streams committed write batches from the retained WAL
// and whole-store snapshots (docs/replication.md).
#ifndef DATELINE_LIB_REPLICATION_REPLICATION_SERVICE_H_
#define DATELINE_LIB_REPLICATION_REPLICATION_SERVICE_H_

#include <atomic>
#include <string>

#include "dateline/replication/v1/replication.grpc.pb.h"
#include "lib/common/sequence_notifier.h"
#include "lib/server/ready.h"
#include "lib/store/rocks_kv_store.h"
#include "lib/tls/authorization.h"

namespace dateline {

// What the service reads from, once the store is open. Not owned.
struct ReplicationSource {
  RocksKvStore* kv = nullptr;
  // The writer's durable sequence: every write up to it is synced (the Ingestor
  // advances it after each WAL sync). Only batches up to it are streamed.
  const SequenceNotifier* durable = nullptr;
  // Where snapshots are staged (a checkpoint each, removed after streaming); on the
  // store's filesystem so that SST files are hard links, not copies.
  std::string snapshot_dir;
};

class ReplicationServiceImpl final : public replication::v1::ReplicationService::Service {
 public:
  // `replicas`: who may follow (--allowed_replicas; no rule: everyone).
  explicit ReplicationServiceImpl(const Ready<ReplicationSource>* source,
                                  tls::Authorizer replicas = {{}, "--allowed_replicas"})
      : source_(source), replicas_(std::move(replicas)) {}

  // Ends every open stream soon (server shutdown).
  void Stop() { stopping_ = true; }

  grpc::Status StreamUpdates(
      grpc::ServerContext* context, const replication::v1::StreamUpdatesRequest* request,
      grpc::ServerWriter<replication::v1::UpdateBatch>* writer) override;

  grpc::Status GetSnapshot(grpc::ServerContext* context,
                           const replication::v1::GetSnapshotRequest* request,
                           grpc::ServerWriter<replication::v1::SnapshotChunk>* writer) override;

 private:
  const Ready<ReplicationSource>* source_;
  const tls::Authorizer replicas_;
  std::atomic<bool> stopping_{false};
  std::atomic<uint64_t> snapshots_{0};
};

}  // namespace dateline

#endif  // DATELINE_LIB_REPLICATION_REPLICATION_SERVICE_H_
