// dateline-ingest: the single writer of a Dateline store, and the source its query
// replicas replicate from (dateline.replication.v1, on --listen or on a port of its own:
// --replication_listen).
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "lib/common/clock.h"
#include "lib/common/sequence_notifier.h"
#include "lib/replication/replication_service.h"
#include "lib/server/server_flags.h"
#include "lib/server/server_runner.h"
#include "lib/store/event_store.h"
#include "lib/metrics/store_metrics.h"
#include "lib/store/rocks_kv_store.h"
#include "services/ingest/admin_service.h"
#include "services/ingest/ingest_service.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "HOST:PORT to serve gRPC on");
ABSL_FLAG(absl::Duration, wal_ttl, absl::Hours(6),
          "keep write-ahead log files this long for replicas that fall behind "
          "(0 = no age limit)");
ABSL_FLAG(int64_t, wal_size_limit_mb, 1024,
          "keep at most this many MiB of old write-ahead log for replicas (0 = no size "
          "limit); a replica needing older writes bootstraps from a snapshot");
ABSL_FLAG(int64_t, replication_tail_mb, 64,
          "newest writes kept in memory for replicas at the tail, in MiB (0 = none: "
          "replicas always read the write-ahead log)");
ABSL_FLAG(std::string, replication_listen, "",
          "HOST:PORT serving dateline.replication.v1 alone (then --listen does not), so "
          "that a network policy can open replication to replicas only (empty: on --listen)");
ABSL_FLAG(std::string, replication_port_file, "",
          "write the bound replication port to this file once listening");
ABSL_FLAG(std::vector<std::string>, allowed_writers, {},
          "with mTLS: client certificate identities (SAN DNS or URI, e.g. a SPIFFE id) "
          "allowed to call the write methods (empty: any client)");
ABSL_FLAG(std::vector<std::string>, allowed_replicas, {},
          "with mTLS: client certificate identities allowed to replicate (empty: any)");
ABSL_FLAG(int64_t, block_cache_mb, 0,
          "RocksDB block cache in MiB (0: RocksDB's default of 8 MiB); see docs/benchmarks.md");
ABSL_FLAG(std::string, backup_root, "",
          "directory the admin backup call (datelinectl backup --to=DIR) may write "
          "backups under (empty: backups are off)");
ABSL_FLAG(std::string, snapshot_dir, "",
          "where replica snapshots are staged, on the store's filesystem "
          "(default: <db>.snapshots)");

int main(int argc, char** argv) {
  dateline::BlockTerminationSignals();
  dateline::ParseServerFlags(argc, argv, "dateline-ingest",
                             {"wal_ttl", "wal_size_limit_mb", "replication_tail_mb", "snapshot_dir",
                              "replication_listen", "replication_port_file", "block_cache_mb",
                              "allowed_writers", "allowed_replicas", "backup_root"},
                             "dateline-ingest --db=DIR [--listen=HOST:PORT] "
                             "[--replication_listen=HOST:PORT]");
  const std::string db = absl::GetFlag(FLAGS_db);
  // An allow-list checks client certificates: without mTLS nobody could pass it.
  for (const auto& [rule, list] :
       {std::pair<const char*, std::vector<std::string>>{"allowed_writers",
                                                         absl::GetFlag(FLAGS_allowed_writers)},
        {"allowed_replicas", absl::GetFlag(FLAGS_allowed_replicas)}}) {
    if (!list.empty() && absl::GetFlag(FLAGS_tls_client_ca).empty()) {
      std::fprintf(stderr,
                   "dateline-ingest: --%s needs client certificates: set --tls_client_ca "
                   "(with --tls_cert and --tls_key)\n",
                   rule);
      return 2;
    }
  }

  dateline::ServerOptions options =
      dateline::ServerOptionsFromFlags("dateline-ingest", absl::GetFlag(FLAGS_listen));
  dateline::RocksOpenOptions rocks;
  rocks.wal_ttl_seconds =
      static_cast<uint64_t>(absl::ToInt64Seconds(absl::GetFlag(FLAGS_wal_ttl)));
  rocks.wal_size_limit_mb = static_cast<uint64_t>(absl::GetFlag(FLAGS_wal_size_limit_mb));
  rocks.tail_cache_bytes =
      static_cast<size_t>(std::max<int64_t>(0, absl::GetFlag(FLAGS_replication_tail_mb))) << 20;
  rocks.block_cache_bytes =
      static_cast<size_t>(std::max<int64_t>(0, absl::GetFlag(FLAGS_block_cache_mb))) << 20;
  std::string snapshot_dir = absl::GetFlag(FLAGS_snapshot_dir);
  if (snapshot_dir.empty()) snapshot_dir = db + ".snapshots";

  std::unique_ptr<dateline::RocksKvStore> kv;
  dateline::SequenceNotifier durable;
  dateline::Ready<dateline::Ingestor> ingestor;
  dateline::Ready<dateline::ReplicationSource> source;
  dateline::Ready<dateline::BackupSource> backup_source;
  dateline::IngestServiceImpl service(
      &ingestor, options.max_message_bytes,
      dateline::tls::Authorizer(absl::GetFlag(FLAGS_allowed_writers), "--allowed_writers"));
  dateline::AdminServiceImpl admin(
      &backup_source, absl::GetFlag(FLAGS_backup_root),
      dateline::tls::Authorizer(absl::GetFlag(FLAGS_allowed_writers), "--allowed_writers"));
  dateline::ReplicationServiceImpl replication(
      &source,
      dateline::tls::Authorizer(absl::GetFlag(FLAGS_allowed_replicas), "--allowed_replicas"));
  options.on_stop = [&] { replication.Stop(); };
  // Writes stopped (e.g. disk full): the write service says NOT_SERVING, while "" stays
  // SERVING (replication and health still work; a restart would not free the disk).
  options.service_serving.push_back(
      {"dateline.v1.IngestService", [&kv] { return kv != nullptr && kv->WriteError().ok(); }});
  options.metrics.push_back(std::make_shared<dateline::metrics::StoreMetrics>(
      [&source](const std::function<void(const dateline::KvStore&)>& fn) {
        source.With([&](const dateline::ReplicationSource& s) { fn(*s.kv); });
      }));
  std::vector<grpc::Service*> services = {&service, &admin, &replication};
  const std::string replication_listen = absl::GetFlag(FLAGS_replication_listen);
  if (!replication_listen.empty()) {
    services = {&service, &admin};
    options.extra_listeners.push_back(
        {replication_listen, {&replication}, absl::GetFlag(FLAGS_replication_port_file)});
  }
  return dateline::RunServer(
      options, services,
      [&](const absl::Notification&) -> absl::Status {
        auto opened = dateline::RocksKvStore::OpenPrimary(db, rocks);
        if (!opened.ok()) return opened.status();
        dateline::EventStore store(opened->get());
        absl::Status format = store.InitFormat();
        if (!format.ok()) return format;
        kv = *std::move(opened);
        ingestor.Set(
            std::make_unique<dateline::Ingestor>(kv.get(), dateline::Clock::Real(), &durable));
        source.Set(std::make_unique<dateline::ReplicationSource>(
            dateline::ReplicationSource{kv.get(), &durable, snapshot_dir}));
        backup_source.Set(std::make_unique<dateline::BackupSource>(
            dateline::BackupSource{kv.get(), snapshot_dir + "/backup"}));
        return absl::OkStatus();
      },
      [&]() -> absl::Status { return kv == nullptr ? absl::OkStatus() : kv->Close(); });
}
