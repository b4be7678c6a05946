#include "bench/latency_stats.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace dateline::bench {
namespace {

std::vector<absl::Duration> Millisecond(std::initializer_list<int> ms) {
  std::vector<absl::Duration> out;
  for (int m : ms) out.push_back(absl::Milliseconds(m));
  return out;
}

TEST(SummarizeTest, NearestRankOnOneToHundred) {
  std::vector<absl::Duration> samples;
  for (int i = 100; i >= 1; --i) samples.push_back(absl::Milliseconds(i));
  std::shuffle(samples.begin(), samples.end(), std::mt19937(7));
  LatencySummary s = Summarize(&samples);
  EXPECT_EQ(s.count, 100);
  EXPECT_EQ(s.p50, absl::Milliseconds(50));
  EXPECT_EQ(s.p90, absl::Milliseconds(90));
  EXPECT_EQ(s.p99, absl::Milliseconds(99));
  EXPECT_EQ(s.max, absl::Milliseconds(100));
}

TEST(SummarizeTest, SmallSamples) {
  auto one = Millisecond({7});
  LatencySummary s = Summarize(&one);
  EXPECT_EQ(s.p50, absl::Milliseconds(7));
  EXPECT_EQ(s.p99, absl::Milliseconds(7));

  auto three = Millisecond({30, 10, 20});
  s = Summarize(&three);
  EXPECT_EQ(s.p50, absl::Milliseconds(20));  // rank ceil(1.5) = 2
  EXPECT_EQ(s.p90, absl::Milliseconds(30));
  EXPECT_EQ(s.max, absl::Milliseconds(30));
}

TEST(SummarizeTest, EmptyIsZero) {
  std::vector<absl::Duration> none;
  LatencySummary s = Summarize(&none);
  EXPECT_EQ(s.count, 0);
  EXPECT_EQ(s.max, absl::ZeroDuration());
}

TEST(MillisTest, TwoDecimals) {
  EXPECT_EQ(Millis(absl::Microseconds(1250)), "1.25");
  EXPECT_EQ(Millis(absl::Seconds(2)), "2000.00");
}

}  // namespace
}  // namespace dateline::bench
