// Process figures read from /proc/self at each scrape, under the names the Prometheus
// client libraries use for them:
//
//   process_resident_memory_bytes   VmRSS
//   process_virtual_memory_bytes    VmSize
//   process_open_fds                entries of /proc/self/fd
//   process_cpu_seconds_total       user + system CPU time
//   process_start_time_seconds      since the Unix epoch
//   process_threads                 threads of the process
#ifndef DATELINE_LIB_METRICS_PROCESS_METRICS_H_
#define DATELINE_LIB_METRICS_PROCESS_METRICS_H_

#include <vector>

#include "prometheus/collectable.h"
#include "prometheus/metric_family.h"

namespace dateline::metrics {

class ProcessMetrics : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override;
};

}  // namespace dateline::metrics

#endif  // DATELINE_LIB_METRICS_PROCESS_METRICS_H_
