// dateline-query: serves reads from the ingest's store, opened as a RocksDB secondary.
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "lib/common/log.h"
#include "lib/server/server_flags.h"
#include "lib/server/server_runner.h"
#include "lib/store/event_store.h"
#include "lib/store/rocks_kv_store.h"
#include "services/query/query_service.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50052", "HOST:PORT to serve gRPC on");
ABSL_FLAG(std::string, secondary_dir, "",
          "writable directory for the secondary instance's own files "
          "(default: $TMPDIR/dateline-query-<pid>)");
ABSL_FLAG(absl::Duration, catchup_interval, absl::Milliseconds(100),
          "how often to catch up with the writer");
ABSL_FLAG(absl::Duration, max_consistency_wait, absl::Seconds(5),
          "longest wait for a consistency token when the call's deadline is later");

int main(int argc, char** argv) {
  dateline::BlockTerminationSignals();
  dateline::ParseServerFlags(argc, argv, "dateline-query",
                             {"secondary_dir", "catchup_interval", "max_consistency_wait"},
                             "dateline-query --db=DIR [--listen=HOST:PORT] [--secondary_dir=DIR]");
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

  dateline::Ready<dateline::QueryBackend> backend;
  dateline::QueryServiceImpl service(&backend, absl::GetFlag(FLAGS_max_consistency_wait));
  return dateline::RunServer(
      options, {&service},
      [&](const absl::Notification& stop) -> absl::Status {
        // The writer may not have created the store yet: retry until it has.
        for (int attempt = 0;; ++attempt) {
          auto opened = dateline::RocksKvStore::OpenSecondary(db, secondary);
          if (opened.ok()) {
            dateline::EventStore store(opened->get());
            absl::Status format = store.CheckFormat();
            if (!format.ok()) return format;
            auto b = std::make_unique<dateline::QueryBackend>(*std::move(opened), interval);
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
