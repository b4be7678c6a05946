// The lifecycle shared by dateline-ingest and dateline-query:
//
//   start:    bind, serve health (NOT_SERVING), reflection and the services; open the
//             store on a background thread; SERVING once it is open (and, with
//             `serving`, while that says so).
//   SIGTERM:  health NOT_SERVING (for good), wait `drain_delay` so load balancers stop
//             sending, Shutdown with `shutdown_timeout` for in-flight calls, close the
//             store (WAL synced), exit 0.
//
// Health (grpc.health.v1.Health) has two services: "" (overall) follows the above and
// is what readiness checks ask; kLivenessService is SERVING from the bind until
// SIGTERM whatever the store does, for liveness checks, so that a replica that is
// behind (NOT_SERVING) is taken out of rotation, not restarted.
#ifndef DATELINE_LIB_SERVER_SERVER_RUNNER_H_
#define DATELINE_LIB_SERVER_SERVER_RUNNER_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "grpcpp/impl/service_type.h"
#include "grpcpp/security/server_credentials.h"
#include "prometheus/collectable.h"

namespace dateline {

inline constexpr char kLivenessService[] = "liveness";

struct ServerOptions {
  std::string name;                 // for logs, e.g. "dateline-ingest"
  std::string listen;               // HOST:PORT; port 0 picks a free port
  // Requests above this fail RESOURCE_EXHAUSTED. The ingest checks it itself (its
  // message names the limit); the query does not (its requests are small), so for it
  // only the transport's cap applies: anything above TransportLimit(max_message_bytes)
  // is refused before it is parsed.
  int max_message_bytes = 1 << 20;
  absl::Duration drain_delay = absl::Seconds(2);
  absl::Duration shutdown_timeout = absl::Seconds(10);
  // When set, the bound port is written there once listening (through a temporary
  // file renamed into place); if that fails the server stops and RunServer returns 1.
  std::string port_file;
  // Most threads the synchronous server may use, i.e. synchronous calls served at
  // once (each bulk stream holds one). Calls beyond it fail RESOURCE_EXHAUSTED
  // (retryable) instead of growing memory without bound. Methods on gRPC's callback
  // API (the query's point reads) hold no such thread; the query bounds those of them
  // that wait (services/query/query_service.h).
  int max_threads = 256;
  // When set, health is SERVING only while the store is open and this returns true
  // (polled twice a second), e.g. a replica that has caught up with its writer.
  std::function<bool()> serving;
  // Health of named services besides "" (e.g. the ingest's "dateline.v1.IngestService",
  // NOT_SERVING while its writes are stopped): each SERVING while the store is open and
  // its function returns true (polled twice a second), NOT_SERVING before and after.
  std::vector<std::pair<std::string, std::function<bool()>>> service_serving;
  // When set, called once a termination signal arrives, before the drain: ends
  // long-lived streams so that the shutdown does not wait for them.
  std::function<void()> on_stop;
  // More ports, each a server of its own serving `services` plus health (the same
  // status as the main port) and reflection, e.g. the ingest's replication port, which
  // a network policy can then open to replicas alone. Bound before the store opens;
  // stopped with the main port.
  struct Listener {
    std::string listen;             // HOST:PORT; port 0 picks a free port
    std::vector<grpc::Service*> services;
    std::string port_file;          // as port_file above, for this port
    bool plaintext = false;         // true: without `credentials` (health_listen)
  };
  std::vector<Listener> extra_listeners;
  // When set, a plaintext port serving only health (same statuses as the main port) and
  // reflection, whatever `credentials` say: for probes that cannot speak TLS (the
  // kubelet's gRPC probes). Every other method there is UNIMPLEMENTED. Bound with the
  // other ports; health_port_file: as port_file, for this port.
  std::string health_listen;
  std::string health_port_file;
  // When set, Prometheus metrics are served at http://metrics_listen/metrics
  // (lib/metrics) from before the store opens until the servers have stopped, and
  // every RPC is counted and timed (dateline_rpc_*); `metrics` adds figures of the
  // server's own (its store's). An address that cannot be bound stops the server
  // (RunServer returns 1). metrics_port_file: as port_file, for the metrics port.
  std::string metrics_listen;
  std::string metrics_port_file;
  std::vector<std::shared_ptr<prometheus::Collectable>> metrics;
  // Credentials of every gRPC port (lib/tls: TLS or mTLS from --tls_*); null means
  // plaintext.
  std::shared_ptr<grpc::ServerCredentials> credentials;
};

// The transport's hard cap for a service limit of `max_message_bytes`: 4x, at least
// 64 KiB more, so that moderately oversize requests reach the service's own check.
int TransportLimit(int max_message_bytes);

// Blocks SIGTERM and SIGINT in the calling thread and the threads it starts later, so
// RunServer can wait for them. Call first in main, before any thread exists.
void BlockTerminationSignals();

// Opens the store; returns when it is open (OK), when it cannot be (error: the process
// exits 1), or soon after `stop` is notified (any status).
using OpenFn = std::function<absl::Status(const absl::Notification& stop)>;
// Closes the store after the server has stopped.
using CloseFn = std::function<absl::Status()>;

// Runs until SIGTERM/SIGINT or a failed open. The caller must have called
// BlockTerminationSignals first (before starting any thread), so that the signals
// reach the wait here. Returns the process exit code: 0 after a clean shutdown, 1 when
// binding, writing the port file, opening or closing failed.
int RunServer(const ServerOptions& options, const std::vector<grpc::Service*>& services,
              OpenFn open, CloseFn close);

}  // namespace dateline

#endif  // DATELINE_LIB_SERVER_SERVER_RUNNER_H_
