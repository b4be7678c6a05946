#include "lib/server/server_runner.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <atomic>
#include <fstream>
#include <memory>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "lib/common/log.h"
#include "lib/metrics/metrics_server.h"
#include "lib/metrics/rpc_metrics.h"
#include "lib/server/request_log.h"

namespace dateline {
namespace {

sigset_t TerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

int TransportLimit(int max_message_bytes) {
  int64_t limit = std::max<int64_t>(4LL * max_message_bytes, max_message_bytes + (64 << 10));
  return static_cast<int>(std::min<int64_t>(limit, 1LL << 30));
}

void BlockTerminationSignals() {
  sigset_t set = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

// Writes `port` to `path` through a temporary file renamed into place, so a reader
// never sees a partial file. Errors name the file and the system's reason.
absl::Status WritePortFile(const std::string& path, int port) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << port << "\n";
    out.close();
    if (!out) {
      return absl::InternalError(
          absl::StrCat("cannot write the port file ", tmp, ": ", std::strerror(errno)));
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    absl::Status st = absl::InternalError(absl::StrCat(
        "cannot rename ", tmp, " to the port file ", path, ": ", std::strerror(errno)));
    std::remove(tmp.c_str());
    return st;
  }
  return absl::OkStatus();
}

namespace {

// One gRPC server on `listen` with `services`, health and reflection; nullptr (logged)
// when it cannot bind.
std::unique_ptr<grpc::Server> BuildServer(const ServerOptions& options,
                                          const ServerOptions::Listener& l, int* port) {
  const std::string& listen = l.listen;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen,
                           options.credentials != nullptr && !l.plaintext
                               ? options.credentials
                               : grpc::InsecureServerCredentials(),
                           port);
  builder.SetMaxReceiveMessageSize(TransportLimit(options.max_message_bytes));
  grpc::ResourceQuota quota(options.name);
  quota.SetMaxThreads(options.max_threads);
  builder.SetResourceQuota(quota);
  for (grpc::Service* s : l.services) builder.RegisterService(s);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> icpt;
  icpt.push_back(MakeRequestLogInterceptorFactory());
  if (!options.metrics_listen.empty()) icpt.push_back(metrics::MakeRpcMetricsInterceptorFactory());
  builder.experimental().SetInterceptorCreators(std::move(icpt));
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || *port == 0) {
    LogError(options.name, ": cannot listen on ", listen);
    return nullptr;
  }
  return server;
}

}  // namespace

int RunServer(const ServerOptions& options, const std::vector<grpc::Service*>& services,
              OpenFn open, CloseFn close) {
  // Debian's Abseil is built without NDEBUG, which leaves absl::Mutex's deadlock
  // detector on: every lock and unlock (gRPC's own mutexes are absl::Mutex too) then
  // updates one process-wide lock graph under a global lock. A server does not want
  // that on every call (docs/benchmarks.md: the profile).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  // Links the health proto's descriptors into the binary so that reflection (and so
  // grpcurl) can describe grpc.health.v1.Health.
  (void)grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  std::vector<ServerOptions::Listener> listeners = {{options.listen, services, options.port_file}};
  listeners.insert(listeners.end(), options.extra_listeners.begin(), options.extra_listeners.end());
  if (!options.health_listen.empty()) {
    listeners.push_back({options.health_listen, {}, options.health_port_file, /*plaintext=*/true});
  }
  std::vector<std::unique_ptr<grpc::Server>> servers;
  // Shuts every server down, cancelling calls still running at `deadline`.
  auto stop_servers = [&servers](std::chrono::system_clock::time_point deadline) {
    for (auto& s : servers) s->Shutdown(deadline);
    for (auto& s : servers) s->Wait();
  };
  for (const ServerOptions::Listener& l : listeners) {
    int port = 0;
    std::unique_ptr<grpc::Server> server = BuildServer(options, l, &port);
    if (server == nullptr) {
      stop_servers(std::chrono::system_clock::now());
      return 1;
    }
    server->GetHealthCheckService()->SetServingStatus("", false);
    server->GetHealthCheckService()->SetServingStatus(kLivenessService, true);
    for (const auto& entry : options.service_serving) {
      server->GetHealthCheckService()->SetServingStatus(entry.first, false);
    }
    servers.push_back(std::move(server));
    LogInfo(options.name, ": listening on ", l.listen, " (port ", port, ")",
            l.plaintext ? " for health only, plaintext" : "",
            servers.size() == 1 ? "; health NOT_SERVING until the store is open" : "");
    if (!l.port_file.empty()) {
      absl::Status written = WritePortFile(l.port_file, port);
      if (!written.ok()) {
        LogError(options.name, ": ", written.message());
        stop_servers(std::chrono::system_clock::now());
        return 1;
      }
    }
  }
  std::unique_ptr<metrics::MetricsServer> metrics_server;
  if (!options.metrics_listen.empty()) {
    auto started = metrics::MetricsServer::Start(options.metrics_listen, options.metrics);
    absl::Status written = started.ok() && !options.metrics_port_file.empty()
                               ? WritePortFile(options.metrics_port_file, (*started)->port())
                               : started.status();
    if (!written.ok()) {
      LogError(options.name, ": ", written.message());
      stop_servers(std::chrono::system_clock::now());
      return 1;
    }
    metrics_server = *std::move(started);
    LogInfo(options.name, ": metrics on http://", options.metrics_listen, "/metrics (port ",
            metrics_server->port(), ")");
  }
  // The overall status "" only: the liveness service stays SERVING.
  auto set_serving = [&servers](bool serving) {
    for (auto& s : servers) s->GetHealthCheckService()->SetServingStatus("", serving);
  };

  absl::Notification stop;
  std::atomic<bool> open_failed{false};
  std::thread opener([&] {
    absl::Status st = open(stop);
    if (stop.HasBeenNotified()) return;
    if (!st.ok()) {
      LogError(options.name, ": cannot open the store: ", st.ToString());
      open_failed = true;
      ::kill(::getpid(), SIGTERM);  // wakes the sigwait below
      return;
    }
    if (!options.serving && options.service_serving.empty()) {
      set_serving(true);
      LogInfo(options.name, ": store open; health SERVING");
      return;
    }
    std::vector<int> service_state(options.service_serving.size(), -1);
    auto update_services = [&] {
      for (size_t i = 0; i < options.service_serving.size(); ++i) {
        const auto& [service, fn] = options.service_serving[i];
        const int now = fn() ? 1 : 0;
        if (now == service_state[i]) continue;
        for (auto& s : servers) s->GetHealthCheckService()->SetServingStatus(service, now == 1);
        if (service_state[i] != -1 || now == 0) {
          LogInfo(options.name, ": health of ", service, " ", now ? "SERVING" : "NOT_SERVING");
        }
        service_state[i] = now;
      }
    };
    // The named services first, so that no probe sees "" SERVING before them.
    update_services();
    if (!options.serving) {
      set_serving(true);
      LogInfo(options.name, ": store open; health SERVING");
    } else {
      LogInfo(options.name, ": store open; health follows the serving check");
    }
    bool serving = !options.serving;
    do {
      if (options.serving) {
        bool now = options.serving();
        if (now != serving) {
          set_serving(now);
          LogInfo(options.name, ": health ", now ? "SERVING" : "NOT_SERVING");
          serving = now;
        }
      }
      update_services();
    } while (!stop.WaitForNotificationWithTimeout(absl::Milliseconds(500)));
  });

  sigset_t set = TerminationSignals();
  int sig = 0;
  sigwait(&set, &sig);
  if (!open_failed) {
    LogInfo(options.name, ": signal ", sig, "; health NOT_SERVING, draining for ",
            absl::FormatDuration(options.drain_delay));
  }
  stop.Notify();
  for (auto& s : servers) s->GetHealthCheckService()->Shutdown();  // NOT_SERVING for good
  if (options.on_stop) options.on_stop();
  if (!open_failed) absl::SleepFor(options.drain_delay);
  stop_servers(std::chrono::system_clock::now() +
               absl::ToChronoMilliseconds(options.shutdown_timeout));
  opener.join();
  metrics_server.reset();  // no scrape reads the store while it closes
  absl::Status closed = close();
  if (!closed.ok()) {
    LogError(options.name, ": closing the store failed: ", closed.ToString());
    return 1;
  }
  LogInfo(options.name, ": stopped");
  return open_failed ? 1 : 0;
}

}  // namespace dateline
