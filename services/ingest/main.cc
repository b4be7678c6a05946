// dateline-ingest: the single writer of a Dateline store.
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "lib/common/clock.h"
#include "lib/server/env_flags.h"
#include "lib/server/server_runner.h"
#include "lib/store/event_store.h"
#include "lib/store/rocks_kv_store.h"
#include "services/ingest/ingest_service.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "HOST:PORT to serve gRPC on");
ABSL_FLAG(std::string, db, "", "RocksDB directory of the store (required; created if missing)");
ABSL_FLAG(int, max_message_bytes, 1 << 20,
          "largest request accepted; larger ones fail RESOURCE_EXHAUSTED");
ABSL_FLAG(absl::Duration, drain_delay, absl::Seconds(2),
          "after SIGTERM: time between health NOT_SERVING and shutdown");
ABSL_FLAG(absl::Duration, shutdown_timeout, absl::Seconds(10),
          "after the drain: time in-flight calls get before they are cancelled");
ABSL_FLAG(std::string, port_file, "", "write the bound port to this file once listening");

int main(int argc, char** argv) {
  dateline::BlockTerminationSignals();
  dateline::ParseFlagsWithEnv(
      argc, argv,
      {"listen", "db", "max_message_bytes", "drain_delay", "shutdown_timeout", "port_file"},
      "dateline-ingest --db=DIR [--listen=HOST:PORT]\n"
      "Every flag can also be set by the environment variable DATELINE_<FLAG>.");
  const std::string db = absl::GetFlag(FLAGS_db);
  if (db.empty()) {
    std::fprintf(stderr, "dateline-ingest: --db (or DATELINE_DB) is required\n");
    return 2;
  }
  dateline::ServerOptions options;
  options.name = "dateline-ingest";
  options.listen = absl::GetFlag(FLAGS_listen);
  options.max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  options.drain_delay = absl::GetFlag(FLAGS_drain_delay);
  options.shutdown_timeout = absl::GetFlag(FLAGS_shutdown_timeout);
  options.port_file = absl::GetFlag(FLAGS_port_file);

  std::unique_ptr<dateline::RocksKvStore> kv;
  dateline::Ready<dateline::Ingestor> ingestor;
  dateline::IngestServiceImpl service(&ingestor, options.max_message_bytes);
  return dateline::RunServer(
      options, {&service},
      [&](const absl::Notification&) -> absl::Status {
        auto opened = dateline::RocksKvStore::OpenPrimary(db);
        if (!opened.ok()) return opened.status();
        dateline::EventStore store(opened->get());
        absl::Status format = store.InitFormat();
        if (!format.ok()) return format;
        kv = *std::move(opened);
        ingestor.Set(std::make_unique<dateline::Ingestor>(kv.get(), dateline::Clock::Real()));
        return absl::OkStatus();
      },
      [&]() -> absl::Status { return kv == nullptr ? absl::OkStatus() : kv->Close(); });
}
