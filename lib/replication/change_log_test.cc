#include "lib/replication/change_log.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dateline {
namespace {

EventChange Named(const std::string& name) {
  EventChange c;
  c.record.set_name(name);
  return c;
}

std::vector<std::string> Names(const std::vector<ChangeLog::Entry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(e.change.record.name());
  return out;
}

TEST(ChangeLogTest, ReadsAfterAPositionInOrderAndWaitsForNew) {
  ChangeLog log(10);
  log.Reset(100);
  log.Append(103, {Named("a")});
  log.Append(105, {});
  log.Append(107, {Named("b")});
  EXPECT_EQ(log.head(), 107u);
  auto all = log.Read(100, 10, absl::Now());
  ASSERT_TRUE(all.ok());
  EXPECT_THAT(Names(*all), ::testing::ElementsAre("a", "b"));
  auto rest = log.Read(103, 10, absl::Now());
  ASSERT_TRUE(rest.ok());
  EXPECT_THAT(Names(*rest), ::testing::ElementsAre("b"));
  auto none = log.Read(107, 10, absl::Now() + absl::Milliseconds(20));
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(ChangeLogTest, PositionsOutsideTheWindowAreRefused) {
  ChangeLog log(2);
  log.Reset(10);
  EXPECT_EQ(log.Read(9, 10, absl::Now()).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(log.Read(11, 10, absl::Now()).status().code(),
            absl::StatusCode::kInvalidArgument);
  for (uint64_t s = 11; s <= 14; ++s) log.Append(s, {Named(std::to_string(s))});
  // Only the newest two are kept: reading from 11 would miss 12.
  EXPECT_EQ(log.Read(11, 10, absl::Now()).status().code(), absl::StatusCode::kOutOfRange);
  auto kept = log.Read(12, 10, absl::Now());
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_THAT(Names(*kept), ::testing::ElementsAre("13", "14"));
}

}  // namespace
}  // namespace dateline
