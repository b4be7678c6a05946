#include "lib/server/blocking_pool.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace dateline {
namespace {

// Waits (bounded) until `cond` holds; the tests' only timing is this upper bound.
template <typename F>
bool Eventually(F cond) {
  for (int i = 0; i < 2000 && !cond(); ++i) absl::SleepFor(absl::Milliseconds(5));
  return cond();
}

TEST(BlockingPoolTest, RunsEveryTaskOnDemandThreads) {
  std::atomic<int> ran{0};
  {
    BlockingPool pool(4, 100);
    EXPECT_EQ(pool.threads(), 0);  // nothing started before it is needed
    for (int i = 0; i < 50; ++i) ASSERT_TRUE(pool.Submit([&] { ++ran; }));
    EXPECT_TRUE(Eventually([&] { return ran.load() == 50; }));
    EXPECT_GE(pool.threads(), 1);
    EXPECT_LE(pool.threads(), 4);
  }
  EXPECT_EQ(ran.load(), 50);
}

// Blocked tasks take one thread each up to the cap, then wait in the queue up to its
// bound; beyond that Submit refuses. Once unblocked, every accepted task runs.
TEST(BlockingPoolTest, GrowsToTheCapThenQueuesThenRefuses) {
  absl::Notification release;
  std::atomic<int> started{0}, ran{0};
  auto blocked = [&] {
    ++started;
    release.WaitForNotification();
    ++ran;
  };
  {
    BlockingPool pool(3, 2);
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(pool.Submit(blocked)) << i;
    ASSERT_TRUE(Eventually([&] { return started.load() == 3; }));
    EXPECT_EQ(pool.threads(), 3);
    EXPECT_TRUE(pool.Submit(blocked));   // queued 1
    EXPECT_TRUE(pool.Submit(blocked));   // queued 2
    EXPECT_FALSE(pool.Submit(blocked));  // over the bound: refused, never run
    EXPECT_EQ(pool.threads(), 3);
    release.Notify();
    EXPECT_TRUE(Eventually([&] { return ran.load() == 5; }));
  }
  EXPECT_EQ(ran.load(), 5);
  EXPECT_EQ(started.load(), 5);
}

// A thread that has been started but has not yet taken its task still counts as the
// one running it: the queue's room is not used up by that task.
TEST(BlockingPoolTest, AStartingThreadDoesNotTakeTheQueuesRoom) {
  absl::Notification release;
  std::atomic<int> ran{0};
  auto blocked = [&] {
    release.WaitForNotification();
    ++ran;
  };
  {
    BlockingPool pool(1, 1);
    EXPECT_TRUE(pool.Submit(blocked));   // starts the thread
    EXPECT_TRUE(pool.Submit(blocked));   // right away: the queue's one place
    EXPECT_FALSE(pool.Submit(blocked));  // no more room
    release.Notify();
  }
  EXPECT_EQ(ran.load(), 2);
}

// Tasks still queued when the pool is destroyed run before the destructor returns.
TEST(BlockingPoolTest, DestructorRunsQueuedTasks) {
  absl::Notification release;
  std::atomic<int> ran{0};
  {
    BlockingPool pool(1, 10);
    ASSERT_TRUE(pool.Submit([&] {
      release.WaitForNotification();
      ++ran;
    }));
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(pool.Submit([&] { ++ran; }));
    release.Notify();
  }
  EXPECT_EQ(ran.load(), 6);
}

}  // namespace
}  // namespace dateline
