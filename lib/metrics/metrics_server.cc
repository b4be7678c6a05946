#include "lib/metrics/metrics_server.h"

#include <exception>
#include <utility>

#include "absl/strings/str_cat.h"
#include "lib/metrics/process_metrics.h"
#include "lib/metrics/registry.h"

namespace dateline::metrics {

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Start(
    const std::string& listen, std::vector<std::shared_ptr<prometheus::Collectable>> extra) {
  std::unique_ptr<MetricsServer> server(new MetricsServer());
  server->collectables_ = std::move(extra);
  server->collectables_.push_back(std::make_shared<ProcessMetrics>());
  try {
    server->exposer_ = std::make_unique<prometheus::Exposer>(listen, /*num_threads=*/2);
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("metrics: cannot listen on ", listen, " (--metrics_listen): ", e.what()));
  }
  server->exposer_->RegisterCollectable(SharedRegistry());
  for (const auto& c : server->collectables_) server->exposer_->RegisterCollectable(c);
  std::vector<int> ports = server->exposer_->GetListeningPorts();
  if (ports.empty()) {
    return absl::UnavailableError(
        absl::StrCat("metrics: no listening port for ", listen, " (--metrics_listen)"));
  }
  server->port_ = ports.front();
  return server;
}

MetricsServer::~MetricsServer() { exposer_.reset(); }

}  // namespace dateline::metrics
