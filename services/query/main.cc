// dateline-query: serves reads, either from the ingest's own directory opened as a
// RocksDB secondary (--db), or as a replica keeping its own copy in --db, fed by the
// ingest's replication stream (--replicate_from).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "lib/common/log.h"
#include "lib/metrics/function_gauges.h"
#include "lib/metrics/store_metrics.h"
#include "lib/server/server_flags.h"
#include "lib/server/server_runner.h"
#include "lib/store/event_store.h"
#include "lib/store/rocks_kv_store.h"
#include "lib/tls/credentials.h"
#include "services/query/query_service.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50052", "HOST:PORT to serve gRPC on");
ABSL_FLAG(std::string, secondary_dir, "",
          "writable directory for the secondary instance's own files "
          "(default: $TMPDIR/dateline-query-<pid>)");
ABSL_FLAG(absl::Duration, catchup_interval, absl::Milliseconds(100),
          "how often to catch up with the writer");
ABSL_FLAG(absl::Duration, max_consistency_wait, absl::Seconds(5),
          "longest wait for a consistency token when the call's deadline is later");
ABSL_FLAG(std::string, replicate_from, "",
          "HOST:PORT of dateline-ingest: run as a replica with its own copy in --db "
          "(empty: read --db, the ingest's own directory, as a secondary)");
ABSL_FLAG(absl::Duration, max_lag, absl::Seconds(30),
          "replicas: health NOT_SERVING when not caught up with the ingest for this long");
ABSL_FLAG(int64_t, watch_window, 10000, "replicas: recent changes kept for WatchEvents");
ABSL_FLAG(std::string, upstream_cacert, "",
          "replicas: PEM CA bundle of the ingest's certificate: replicate over TLS");
ABSL_FLAG(std::string, upstream_cert, "",
          "replicas: PEM client certificate for an mTLS ingest (with --upstream_key)");
ABSL_FLAG(std::string, upstream_key, "", "replicas: PEM private key of --upstream_cert");
ABSL_FLAG(int64_t, related_cache_mb, 32,
          "ListRelatedEvents pages kept while the store does not change, in MiB (0: off)");
ABSL_FLAG(int64_t, block_cache_mb, 0,
          "RocksDB block cache in MiB (0: RocksDB's default of 8 MiB); see docs/benchmarks.md");

int main(int argc, char** argv) {
  dateline::BlockTerminationSignals();
  dateline::ParseServerFlags(argc, argv, "dateline-query",
                             {"secondary_dir", "catchup_interval", "max_consistency_wait",
                              "replicate_from", "max_lag", "watch_window", "block_cache_mb",
                              "related_cache_mb", "upstream_cacert", "upstream_cert",
                              "upstream_key"},
                             "dateline-query --db=DIR [--replicate_from=HOST:PORT] "
                             "[--listen=HOST:PORT]");
  const std::string db = absl::GetFlag(FLAGS_db);
  std::string secondary = absl::GetFlag(FLAGS_secondary_dir);
  const bool own_secondary = secondary.empty();
  if (own_secondary) {
    const char* tmp = std::getenv("TMPDIR");
    secondary = absl::StrCat(tmp != nullptr && *tmp ? tmp : "/tmp", "/dateline-query-", getpid());
  }
  dateline::ServerOptions options =
      dateline::ServerOptionsFromFlags("dateline-query", absl::GetFlag(FLAGS_listen));
  const absl::Duration interval = absl::GetFlag(FLAGS_catchup_interval);
  const size_t related_cache_bytes =
      static_cast<size_t>(std::max<int64_t>(0, absl::GetFlag(FLAGS_related_cache_mb))) << 20;
  dateline::RocksOpenOptions rocks;
  rocks.block_cache_bytes =
      static_cast<size_t>(std::max<int64_t>(0, absl::GetFlag(FLAGS_block_cache_mb))) << 20;

  dateline::Ready<dateline::QueryBackend> backend;
  dateline::QueryServiceImpl service(&backend, absl::GetFlag(FLAGS_max_consistency_wait),
                                     options.max_threads);
  options.on_stop = [&] { service.Stop(); };
  // A replica's lag behind its writer (absent in secondary mode).
  options.metrics.push_back(std::make_shared<dateline::metrics::FunctionGauges>([&backend] {
    std::vector<dateline::metrics::GaugeValue> out;
    backend.With([&](const dateline::QueryBackend& b) {
      if (b.replica == nullptr) return;
      const dateline::Replica::Lag lag = b.replica->CurrentLag();
      out.push_back({"dateline_replica_upstream_sequence",
                     "The writer's durable sequence, as the replica last heard it",
                     static_cast<double>(lag.upstream)});
      out.push_back({"dateline_replica_applied_sequence",
                     "The writer's sequence this replica has durably applied",
                     static_cast<double>(lag.applied)});
      out.push_back({"dateline_replica_lag_sequences",
                     "Sequence numbers the replica is behind the writer (as last heard)",
                     static_cast<double>(lag.upstream > lag.applied ? lag.upstream - lag.applied
                                                                    : 0)});
      if (lag.since_caught_up.has_value()) {
        out.push_back({"dateline_replica_seconds_since_caught_up",
                       "Seconds since the replica was last caught up with the writer",
                       absl::ToDoubleSeconds(*lag.since_caught_up)});
      }
    });
    return out;
  }));
  options.metrics.push_back(std::make_shared<dateline::metrics::StoreMetrics>(
      [&backend](const std::function<void(const dateline::KvStore&)>& fn) {
        backend.With([&](const dateline::QueryBackend& b) {
          fn(b.replica != nullptr ? *b.replica->kv() : *b.owned_kv);
        });
      }));
  const std::string upstream = absl::GetFlag(FLAGS_replicate_from);
  if (!upstream.empty()) {
    dateline::ReplicaOptions ro;
    ro.upstream = upstream;
    ro.dir = db;
    ro.max_lag = absl::GetFlag(FLAGS_max_lag);
    ro.watch_window = static_cast<size_t>(std::max<int64_t>(1, absl::GetFlag(FLAGS_watch_window)));
    ro.rocks = rocks;
    auto upstream_credentials = dateline::tls::MakeChannelCredentials(
        {absl::GetFlag(FLAGS_upstream_cacert), absl::GetFlag(FLAGS_upstream_cert),
         absl::GetFlag(FLAGS_upstream_key)},
        "--upstream_");
    if (!upstream_credentials.ok()) {
      std::fprintf(stderr, "dateline-query: %s\n",
                   std::string(upstream_credentials.status().message()).c_str());
      return 2;
    }
    ro.credentials = *std::move(upstream_credentials);
    options.serving = [&backend] {
      absl::StatusOr<dateline::QueryBackend*> b = backend.Get();
      return b.ok() && (*b)->replica->Serving();
    };
    return dateline::RunServer(
        options, {&service},
        [&](const absl::Notification&) -> absl::Status {
          auto replica = dateline::Replica::Start(ro);
          if (!replica.ok()) return replica.status();
          backend.Set(std::make_unique<dateline::QueryBackend>(*std::move(replica),
                                                                 related_cache_bytes));
          return absl::OkStatus();
        },
        [&]() -> absl::Status {
          backend.Set(nullptr);  // stops replicating and closes the copy
          return absl::OkStatus();
        });
  }
  return dateline::RunServer(
      options, {&service},
      [&](const absl::Notification& stop) -> absl::Status {
        // The writer may not have created the store yet: retry until it has.
        for (int attempt = 0;; ++attempt) {
          auto opened = dateline::RocksKvStore::OpenSecondary(db, secondary, rocks);
          if (opened.ok()) {
            dateline::EventStore store(opened->get());
            absl::Status format = store.CheckFormat();
            if (!format.ok()) return format;
            auto b = std::make_unique<dateline::QueryBackend>(*std::move(opened), interval,
                                                             related_cache_bytes);
            backend.Set(std::move(b));
            return absl::OkStatus();
          }
          if (attempt % 30 == 0) {
            dateline::LogInfo("dateline-query: waiting for the store: ",
                              opened.status().ToString());
          }
          if (stop.WaitForNotificationWithTimeout(absl::Seconds(1))) return opened.status();
        }
      },
      [&]() -> absl::Status {
        backend.Set(nullptr);  // stops the follower and closes the store
        if (own_secondary) {
          std::error_code ec;
          std::filesystem::remove_all(secondary, ec);
        }
        return absl::OkStatus();
      });
}
