// Tests of the storage layer over a real RocksDB (in-memory Env and on disk).
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/store/consistency_token.h"
#include "lib/store/event_store.h"
#include "lib/store/keys.h"
#include "lib/store/rocks_kv_store.h"
#include "lib/store/testing/mem_store.h"

namespace dateline {
namespace {

using ::testing::ElementsAre;

class MemStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(mem_.kv, nullptr);
    kv_ = mem_.kv.get();
  }
  testing::MemStore mem_;
  RocksKvStore* kv_ = nullptr;
};

std::vector<std::string> ScanKeys(KvStore& kv, absl::string_view start,
                                  absl::string_view limit, bool reverse) {
  std::vector<std::string> out;
  EXPECT_TRUE(kv.Scan(start, limit, reverse, [&](absl::string_view k, absl::string_view) {
                  out.emplace_back(k);
                  return true;
                }).ok());
  return out;
}

TEST_F(MemStoreTest, BatchIsAtomicAndScansAreOrderedAndBounded) {
  KvBatch b;
  for (const char* k : {"E/2017-07-30/b", "E/2017-07-30/a", "E/2017-07-31/a", "E/2017-07-29/z"}) {
    b.Put(k, "v");
  }
  b.Delete("E/2017-07-31/a");
  ASSERT_TRUE(kv_->Write(b, /*sync=*/true).ok());
  EXPECT_THAT(ScanKeys(*kv_, keys::DayStart("E/", "2017-07-30"),
                       keys::DayEnd("E/", "2017-07-30"), false),
              ElementsAre("E/2017-07-30/a", "E/2017-07-30/b"));
  EXPECT_THAT(ScanKeys(*kv_, "E/", "E/2017-07-30/b", true),
              ElementsAre("E/2017-07-30/a", "E/2017-07-29/z"));
  EXPECT_THAT(ScanKeys(*kv_, "E/", "", true),
              ElementsAre("E/2017-07-30/b", "E/2017-07-30/a", "E/2017-07-29/z"));
  auto missing = kv_->Get("E/2017-07-31/a");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TEST_F(MemStoreTest, ClosedStoreIsUnavailable) {
  absl::Status closed = kv_->Close();
  ASSERT_TRUE(closed.ok()) << closed;
  EXPECT_EQ(kv_->Get("x").status().code(), absl::StatusCode::kUnavailable);
}

TEST_F(MemStoreTest, FormatVersionIsWrittenAndChecked) {
  EventStore store(kv_);
  ASSERT_TRUE(store.InitFormat().ok());
  ASSERT_TRUE(store.InitFormat().ok());  // idempotent
  KvBatch b;
  b.Put(std::string(keys::kFormatKey), "99");
  ASSERT_TRUE(kv_->Write(b, true).ok());
  EXPECT_EQ(store.CheckFormat().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(MemStoreTest, ResolvesAliasesThroughUid) {
  EventStore store(kv_);
  EventName canonical{"2017-07-30", "new-slug"}, old{"2017-07-30", "old-slug"};
  StoredEvent e;
  e.mutable_event()->set_uid("u1");
  e.mutable_event()->set_name(canonical.ToString());
  KvBatch b;
  b.Put(keys::Event(canonical), e.SerializeAsString());
  b.Put(keys::Uid("u1"), canonical.Key());
  b.Put(keys::Alias(old), "u1");
  ASSERT_TRUE(kv_->Write(b, true).ok());
  auto r = store.FindEvent(old);
  ASSERT_TRUE(r.ok() && r->has_value());
  EXPECT_EQ((*r)->event().name(), canonical.ToString());
  auto got = store.GetEvent(old, "name");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->event().uid(), "u1");
  auto none = store.GetEvent(EventName{"2017-07-30", "other"}, "name");
  EXPECT_EQ(none.status().code(), absl::StatusCode::kNotFound);
}

// The name part of index keys (after the last NUL) and of E/ keys.
TEST(KeysTest, NameSuffixIsTheNameOfIndexAndEventKeys) {
  const std::string topic_row = keys::TopicPrefix("gaza war") + "2023-10-07/a-slug";
  EXPECT_EQ(keys::NameSuffix(topic_row), "2023-10-07/a-slug");
  EXPECT_EQ(keys::NameSuffix(std::string("X/a\0b\0", 6) + "2020-01-01/x"), "2020-01-01/x");
  EXPECT_EQ(keys::NameSuffix("E/2020-01-01/x"), "2020-01-01/x");
  EXPECT_EQ(keys::NameSuffix(std::string("T/k\0", 4)), "");
  EXPECT_EQ(keys::NameSuffix("E"), "E");
  EXPECT_EQ(keys::NameSuffix(""), "");
}

TEST(RevisionKindTest, NewestIsCurrent) {
  EXPECT_EQ(RevisionKind(1, 1), v1::EventRevision::CURRENT);
  EXPECT_EQ(RevisionKind(1, 3), v1::EventRevision::FIRST);
  EXPECT_EQ(RevisionKind(2, 3), v1::EventRevision::UPDATE);
  EXPECT_EQ(RevisionKind(3, 3), v1::EventRevision::CURRENT);
}

TEST(ConsistencyTokenTest, RoundTripsAndRejectsForeignTokens) {
  auto seq = DecodeConsistencyToken(EncodeConsistencyToken(123456789), "consistency_token");
  ASSERT_TRUE(seq.ok());
  EXPECT_EQ(*seq, 123456789u);
  for (const char* bad : {"", "123", "!!!", "ZGxjdDE6eA"}) {
    auto got = DecodeConsistencyToken(bad, "consistency_token");
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(SecondaryTest, FollowsPrimaryOnDisk) {
  std::string dir = std::filesystem::temp_directory_path() /
                    ("dateline-store-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto missing = RocksKvStore::OpenSecondary(dir + "/db", dir + "/secondary");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);

  auto primary = RocksKvStore::OpenPrimary(dir + "/db");
  ASSERT_TRUE(primary.ok()) << primary.status();
  auto secondary = RocksKvStore::OpenSecondary(dir + "/db", dir + "/secondary");
  ASSERT_TRUE(secondary.ok()) << secondary.status();
  EXPECT_EQ((*secondary)->Write(KvBatch(), false).code(),
            absl::StatusCode::kFailedPrecondition);

  KvBatch b;
  b.Put("k", "v1");
  ASSERT_TRUE((*primary)->Write(b, true).ok());
  uint64_t written = (*primary)->LatestSequence();
  ASSERT_TRUE((*secondary)->CatchUp().ok());
  EXPECT_GE((*secondary)->LatestSequence(), written);
  auto v = (*secondary)->Get("k");
  ASSERT_TRUE(v.ok() && v->has_value());
  EXPECT_EQ(**v, "v1");
  // A second writer on the same directory is refused.
  auto second_writer = RocksKvStore::OpenPrimary(dir + "/db");
  EXPECT_EQ(second_writer.status().code(), absl::StatusCode::kFailedPrecondition);
  secondary->reset();
  primary->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace dateline
