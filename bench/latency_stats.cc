#include "bench/latency_stats.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_format.h"

namespace dateline::bench {
namespace {

absl::Duration Percentile(const std::vector<absl::Duration>& sorted, double p) {
  const auto n = static_cast<double>(sorted.size());
  auto rank = static_cast<size_t>(std::ceil(p / 100.0 * n));
  rank = std::clamp<size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

}  // namespace

LatencySummary Summarize(std::vector<absl::Duration>* samples) {
  LatencySummary summary;
  if (samples->empty()) return summary;
  std::sort(samples->begin(), samples->end());
  summary.count = static_cast<int64_t>(samples->size());
  summary.p50 = Percentile(*samples, 50);
  summary.p90 = Percentile(*samples, 90);
  summary.p99 = Percentile(*samples, 99);
  summary.max = samples->back();
  return summary;
}

std::string Millis(absl::Duration d) {
  return absl::StrFormat("%.2f", absl::ToDoubleMilliseconds(d));
}

}  // namespace dateline::bench
