// The process's Prometheus registry (prometheus-cpp) and the shapes shared by its
// metrics. Every metric of a Dateline server lives here and is exposed by
// MetricsServer (metrics_server.h) on --metrics_listen; docs/operations.md lists them.
// Names follow Prometheus conventions: dateline_ prefix, base units (_seconds,
// _bytes), _total for counters, and only bounded label values (methods, codes,
// outcomes; never event names).
#ifndef DATELINE_LIB_METRICS_REGISTRY_H_
#define DATELINE_LIB_METRICS_REGISTRY_H_

#include <memory>

#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace dateline::metrics {

// The registry every metric is added to (created on first use, never destroyed).
prometheus::Registry& Registry();
std::shared_ptr<prometheus::Registry> SharedRegistry();

// Latency buckets in seconds, 100 µs to 10 s (1-2.5-5 steps).
const prometheus::Histogram::BucketBoundaries& LatencyBuckets();

}  // namespace dateline::metrics

#endif  // DATELINE_LIB_METRICS_REGISTRY_H_
