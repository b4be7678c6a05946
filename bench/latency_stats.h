// Latency percentiles for the load generator.
#ifndef DATELINE_BENCH_LATENCY_STATS_H_
#define DATELINE_BENCH_LATENCY_STATS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace dateline::bench {

struct LatencySummary {
  int64_t count = 0;
  absl::Duration p50;
  absl::Duration p90;
  absl::Duration p99;
  absl::Duration max;
};

// Nearest-rank percentiles (the smallest sample with at least p% of the samples
// at or below it) of `samples`, which is sorted in place. All zero when empty.
LatencySummary Summarize(std::vector<absl::Duration>* samples);

// Milliseconds with two decimals, e.g. "1.25".
std::string Millis(absl::Duration d);

}  // namespace dateline::bench

#endif  // DATELINE_BENCH_LATENCY_STATS_H_
