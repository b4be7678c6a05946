#include "lib/metrics/registry.h"

namespace dateline::metrics {

std::shared_ptr<prometheus::Registry> SharedRegistry() {
  static auto* registry = new std::shared_ptr<prometheus::Registry>(
      std::make_shared<prometheus::Registry>());
  return *registry;
}

prometheus::Registry& Registry() { return *SharedRegistry(); }

const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  static const auto* buckets = new prometheus::Histogram::BucketBoundaries{
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
      0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,     10};
  return *buckets;
}

}  // namespace dateline::metrics
