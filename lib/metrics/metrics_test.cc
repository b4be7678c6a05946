#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "lib/metrics/metrics_server.h"
#include "lib/metrics/process_metrics.h"
#include "lib/metrics/registry.h"
#include "lib/metrics/store_metrics.h"
#include "lib/metrics/testing/scrape.h"
#include "lib/store/testing/mem_store.h"
#include "prometheus/counter.h"

namespace dateline::metrics {
namespace {

using testing::HttpGet;
using testing::Sample;

TEST(MetricsServerTest, ServesTheRegistryProcessAndStoreFigures) {
  auto& family = prometheus::BuildCounter()
                     .Name("dateline_test_events_total")
                     .Help("test counter")
                     .Register(Registry());
  family.Add({{"kind", "a"}}).Increment(3);

  dateline::testing::MemStore mem;
  ASSERT_NE(mem.kv, nullptr);
  KvBatch batch;
  batch.Put("k", "v");
  ASSERT_TRUE(mem.kv->Write(batch, true).ok());
  auto store = std::make_shared<StoreMetrics>(
      [&](const std::function<void(const KvStore&)>& fn) { fn(*mem.kv); });

  auto server = MetricsServer::Start("127.0.0.1:0", {store});
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_GT((*server)->port(), 0);
  std::optional<std::string> text = HttpGet((*server)->port());
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(Sample(*text, "dateline_test_events_total{kind=\"a\"}"), 3);
  EXPECT_GT(Sample(*text, "process_resident_memory_bytes").value_or(0), 1e6);
  EXPECT_GT(Sample(*text, "process_open_fds").value_or(0), 2);
  EXPECT_GT(Sample(*text, "process_start_time_seconds").value_or(0), 1.7e9);
  EXPECT_TRUE(Sample(*text, "process_cpu_seconds_total").has_value());
  EXPECT_EQ(Sample(*text, "dateline_store_sequence"),
            static_cast<double>(mem.kv->LatestSequence()));
  EXPECT_TRUE(Sample(*text, "dateline_store_estimated_keys").has_value());
  EXPECT_FALSE(HttpGet((*server)->port(), "/other").has_value());
}

TEST(MetricsServerTest, AnAddressInUseIsAClearError) {
  auto first = MetricsServer::Start("127.0.0.1:0", {});
  ASSERT_TRUE(first.ok()) << first.status();
  const std::string taken = "127.0.0.1:" + std::to_string((*first)->port());
  auto second = MetricsServer::Start(taken, {});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(second.status().message().find(taken), std::string::npos);
  EXPECT_NE(second.status().message().find("--metrics_listen"), std::string::npos);
}

TEST(StoreMetricsTest, NothingWhileNoStoreIsOpen) {
  StoreMetrics metrics([](const std::function<void(const KvStore&)>&) {});
  EXPECT_TRUE(metrics.Collect().empty());
}

}  // namespace
}  // namespace dateline::metrics
