#include "lib/server/server_flags.h"

#include <cstdio>
#include <cstdlib>

#include "absl/flags/flag.h"
#include "lib/server/env_flags.h"
#include "lib/server/malloc_tuning.h"
#include "lib/tls/credentials.h"

ABSL_FLAG(std::string, db, "", "RocksDB directory of the store (required)");
ABSL_FLAG(int, max_message_bytes, 1 << 20,
          "largest request accepted; larger ones fail RESOURCE_EXHAUSTED");
ABSL_FLAG(absl::Duration, drain_delay, absl::Seconds(2),
          "after SIGTERM: time between health NOT_SERVING and shutdown");
ABSL_FLAG(absl::Duration, shutdown_timeout, absl::Seconds(10),
          "after the drain: time in-flight calls get before they are cancelled");
ABSL_FLAG(int, max_threads, 256,
          "most calls served at once (threads); more fail RESOURCE_EXHAUSTED");
ABSL_FLAG(std::string, port_file, "", "write the bound port to this file once listening");
ABSL_FLAG(std::string, metrics_listen, "",
          "HOST:PORT to serve Prometheus metrics on at /metrics (empty: no metrics)");
ABSL_FLAG(std::string, tls_cert, "", "PEM certificate chain: serve gRPC over TLS (with --tls_key)");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA bundle: require and verify client certificates (mTLS)");
ABSL_FLAG(std::string, metrics_port_file, "",
          "write the bound metrics port to this file once listening");

ABSL_FLAG(std::string, health_listen, "",
          "HOST:PORT serving only health (and reflection) in plaintext, for probes that "
          "cannot do TLS (empty: none)");
ABSL_FLAG(std::string, health_port_file, "",
          "write the bound health port to this file once listening");
ABSL_FLAG(int, malloc_arenas, 2,
          "most glibc malloc arenas (M_ARENA_MAX), so that memory freed by one thread "
          "is reused by the others (lib/server/malloc_tuning.h); 0 = glibc's default, 8 "
          "per core");
ABSL_FLAG(int, malloc_mmap_threshold_kb, 1024,
          "glibc malloc maps blocks of this size or more and unmaps them on free, so a "
          "flushed memtable's memory leaves RSS (lib/server/malloc_tuning.h); 0 = "
          "glibc's dynamic threshold");

namespace dateline {

void ParseServerFlags(int argc, char** argv, const std::string& name,
                      const std::vector<std::string>& extra_flags, const std::string& usage) {
  std::vector<std::string> names = {"listen",           "db",        "max_message_bytes",
                                    "drain_delay",      "shutdown_timeout", "port_file",
                                    "metrics_listen",   "metrics_port_file",
                                    "tls_cert",         "tls_key",   "tls_client_ca",
                                    "max_threads",      "health_listen", "health_port_file",
                                    "malloc_arenas",    "malloc_mmap_threshold_kb"};
  names.insert(names.end(), extra_flags.begin(), extra_flags.end());
  ParseFlagsWithEnv(argc, argv, names,
                    usage + "\nEvery flag can also be set by the environment variable "
                            "DATELINE_<FLAG>.");
  if (absl::GetFlag(FLAGS_db).empty()) {
    std::fprintf(stderr, "%s: --db (or DATELINE_DB) is required\n", name.c_str());
    std::exit(2);
  }
  MallocTuning tuning;
  tuning.arenas = absl::GetFlag(FLAGS_malloc_arenas);
  int threshold_kb = absl::GetFlag(FLAGS_malloc_mmap_threshold_kb);
  if (threshold_kb < 0) {
    std::fprintf(stderr, "%s: malloc_mmap_threshold_kb: must be 0 or more, got %d\n",
                 name.c_str(), threshold_kb);
    std::exit(2);
  }
  tuning.mmap_threshold_bytes = static_cast<size_t>(threshold_kb) << 10;
  if (absl::Status st = TuneMalloc(tuning); !st.ok()) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), std::string(st.message()).c_str());
    std::exit(2);
  }
}

ServerOptions ServerOptionsFromFlags(const std::string& name, const std::string& listen) {
  ServerOptions options;
  options.name = name;
  options.listen = listen;
  options.max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  options.drain_delay = absl::GetFlag(FLAGS_drain_delay);
  options.shutdown_timeout = absl::GetFlag(FLAGS_shutdown_timeout);
  options.port_file = absl::GetFlag(FLAGS_port_file);
  options.max_threads = absl::GetFlag(FLAGS_max_threads);
  options.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  options.metrics_port_file = absl::GetFlag(FLAGS_metrics_port_file);
  options.health_listen = absl::GetFlag(FLAGS_health_listen);
  options.health_port_file = absl::GetFlag(FLAGS_health_port_file);
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      tls::MakeServerCredentials({absl::GetFlag(FLAGS_tls_cert), absl::GetFlag(FLAGS_tls_key),
                                  absl::GetFlag(FLAGS_tls_client_ca)});
  if (!credentials.ok()) {
    std::fprintf(stderr, "%s: %s\n", name.c_str(), std::string(credentials.status().message()).c_str());
    std::exit(2);
  }
  options.credentials = *std::move(credentials);
  return options;
}

}  // namespace dateline
