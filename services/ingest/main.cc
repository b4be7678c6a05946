// dateline-ingest: the single writer of a Dateline store.
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "lib/common/clock.h"
#include "lib/server/server_flags.h"
#include "lib/server/server_runner.h"
#include "lib/store/event_store.h"
#include "lib/store/rocks_kv_store.h"
#include "services/ingest/ingest_service.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "HOST:PORT to serve gRPC on");

int main(int argc, char** argv) {
  dateline::BlockTerminationSignals();
  dateline::ParseServerFlags(argc, argv, "dateline-ingest", {},
                             "dateline-ingest --db=DIR [--listen=HOST:PORT]");
  const std::string db = absl::GetFlag(FLAGS_db);
  dateline::ServerOptions options =
      dateline::ServerOptionsFromFlags("dateline-ingest", absl::GetFlag(FLAGS_listen));

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
