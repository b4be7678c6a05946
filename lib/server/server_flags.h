// The flags both servers take (each also settable as DATELINE_<FLAG>). Each binary
// defines its own --listen (the defaults differ) and any flags of its own.
#ifndef DATELINE_LIB_SERVER_SERVER_FLAGS_H_
#define DATELINE_LIB_SERVER_SERVER_FLAGS_H_

#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/time/time.h"
#include "lib/server/server_runner.h"

ABSL_DECLARE_FLAG(std::string, db);
ABSL_DECLARE_FLAG(int, max_message_bytes);
ABSL_DECLARE_FLAG(absl::Duration, drain_delay);
ABSL_DECLARE_FLAG(absl::Duration, shutdown_timeout);
ABSL_DECLARE_FLAG(std::string, port_file);
ABSL_DECLARE_FLAG(int, max_threads);
ABSL_DECLARE_FLAG(std::string, metrics_listen);
ABSL_DECLARE_FLAG(std::string, metrics_port_file);
ABSL_DECLARE_FLAG(std::string, tls_cert);
ABSL_DECLARE_FLAG(std::string, tls_key);
ABSL_DECLARE_FLAG(std::string, tls_client_ca);
ABSL_DECLARE_FLAG(std::string, health_listen);
ABSL_DECLARE_FLAG(std::string, health_port_file);
ABSL_DECLARE_FLAG(int, malloc_arenas);
ABSL_DECLARE_FLAG(int, malloc_mmap_threshold_kb);

namespace dateline {

// Parses the command line with environment overrides for "listen", the flags above
// and `extra_flags`, then applies the malloc flags (call it first in main, before
// threads start). Exits 2 with a message when --db is missing or a value is bad.
void ParseServerFlags(int argc, char** argv, const std::string& name,
                      const std::vector<std::string>& extra_flags, const std::string& usage);

// ServerOptions from the flags above and `listen`. Exits 2 with a message naming the
// flag when the TLS files are inconsistent or unreadable.
ServerOptions ServerOptionsFromFlags(const std::string& name, const std::string& listen);

}  // namespace dateline

#endif  // DATELINE_LIB_SERVER_SERVER_FLAGS_H_
