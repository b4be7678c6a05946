#include "lib/server/malloc_tuning.h"

#include <malloc.h>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace dateline {
namespace {

// Keeps the compiler from eliding a malloc/free pair whose memory is not read.
void Escape(void* p) { asm volatile("" : : "g"(p) : "memory"); }

// Starts `n` threads that each allocate and stay alive until all have, then returns
// the arena count glibc reports with them all running.
int ArenasWithThreads(int n) {
  std::atomic<int> allocated{0};
  std::atomic<bool> done{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&] {
      // Above tcache's sizes (1 KiB), so that the allocation goes to an arena.
      void* p = std::malloc(5000);
      std::memset(p, 1, 5000);
      Escape(p);
      allocated.fetch_add(1);
      while (!done.load()) std::this_thread::yield();
      std::free(p);
    });
  }
  while (allocated.load() < n) std::this_thread::yield();
  int count = MallocArenaCount();
  done.store(true);
  for (std::thread& t : threads) t.join();
  return count;
}

// Runs `body` in a forked child (the arena limit is process-wide and cannot be undone)
// and returns its exit code.
template <typename F>
int InChild(F body) {
  pid_t pid = fork();
  if (pid == 0) _exit(body());
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 255;
}

TEST(MallocTuningTest, WithoutALimitEachNewThreadGetsAnArena) {
  // The control: on glibc's default (8 per core), 6 threads bring more than 2 arenas.
  int arenas = InChild([] { return ArenasWithThreads(6); });
  EXPECT_GT(arenas, 2);
}

TEST(MallocTuningTest, TheLimitHoldsWhateverTheThreadCount) {
  int arenas = InChild([] {
    if (!TuneMalloc({.arenas = 2}).ok()) return 100;
    return ArenasWithThreads(12);
  });
  EXPECT_GE(arenas, 1);
  EXPECT_LE(arenas, 2);
}

// Allocates a 16 MiB block (more than the heap has free, so it is either mapped or
// grows the heap), frees it and allocates another; returns 10 * (chunks mapped while
// the first is live) + (chunks mapped while the second is).
int MappedChunksFirstAndAfterReuse() {
  constexpr size_t kSize = size_t{16} << 20;
  void* first = std::malloc(kSize);
  std::memset(first, 1, 4096);
  Escape(first);
  int mapped_first = static_cast<int>(mallinfo2().hblks);
  std::free(first);
  void* second = std::malloc(kSize);
  std::memset(second, 1, 4096);
  Escape(second);
  int mapped_second = static_cast<int>(mallinfo2().hblks);
  std::free(second);
  return 10 * mapped_first + mapped_second;
}

TEST(MallocTuningTest, ByDefaultAFreedLargeBlockMovesTheThresholdAndTheNextComesFromTheHeap) {
  // The control: the first block is mapped; glibc's dynamic threshold then rises past
  // its size when it is freed, and the second comes from the heap.
  EXPECT_EQ(InChild([] { return MappedChunksFirstAndAfterReuse(); }), 10);
}

TEST(MallocTuningTest, AFixedThresholdKeepsLargeBlocksMapped) {
  int mapped = InChild([] {
    if (!TuneMalloc({.mmap_threshold_bytes = 1 << 20}).ok()) return 100;
    return MappedChunksFirstAndAfterReuse();
  });
  EXPECT_EQ(mapped, 11);
}

TEST(MallocTuningTest, ZeroKeepsTheDefaultsAndBadValuesAreRejected) {
  EXPECT_TRUE(TuneMalloc({}).ok());
  absl::Status st = TuneMalloc({.arenas = -1});
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("malloc_arenas"), absl::string_view::npos);
  st = TuneMalloc({.mmap_threshold_bytes = size_t{64} << 20});
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("malloc_mmap_threshold_kb"), absl::string_view::npos);
}

}  // namespace
}  // namespace dateline
