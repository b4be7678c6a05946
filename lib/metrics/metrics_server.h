// MetricsServer: Prometheus' pull endpoint (prometheus-cpp's Exposer, HTTP) at
// http://LISTEN/metrics, serving the process registry (registry.h), the process
// figures (process_metrics.h) and any collectables a server adds (its store's).
#ifndef DATELINE_LIB_METRICS_METRICS_SERVER_H_
#define DATELINE_LIB_METRICS_METRICS_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "prometheus/collectable.h"
#include "prometheus/exposer.h"

namespace dateline::metrics {

class MetricsServer {
 public:
  // Binds `listen` (HOST:PORT; port 0 picks a free one) and serves. Errors:
  // UNAVAILABLE naming the address when it cannot be bound.
  static absl::StatusOr<std::unique_ptr<MetricsServer>> Start(
      const std::string& listen, std::vector<std::shared_ptr<prometheus::Collectable>> extra);

  int port() const { return port_; }

  // Stops serving; a scrape in progress finishes first.
  ~MetricsServer();

 private:
  MetricsServer() = default;
  std::vector<std::shared_ptr<prometheus::Collectable>> collectables_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  int port_ = 0;
};

}  // namespace dateline::metrics

#endif  // DATELINE_LIB_METRICS_METRICS_SERVER_H_
