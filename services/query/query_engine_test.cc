// QueryEngine over a real (in-memory) RocksDB filled by the real Ingestor: how many
// reads each request costs, and corruption reported instead of hidden.
#include "services/query/query_engine.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "lib/store/testing/counting_kv_store.h"
#include "lib/store/testing/mem_store.h"
#include "services/ingest/ingestor.h"

namespace dateline {
namespace {

using ::testing::HasSubstr;

class QueryEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(mem_.kv, nullptr);
    Ingestor ingestor(mem_.kv.get(), &clock_);
    for (const char* text : {
             R"pb(date: "2020-01-01" headline: "One" topics: "Shared")pb",
             R"pb(date: "2020-01-01" headline: "Two" topics: "Shared")pb",
             R"pb(date: "2020-01-02" headline: "Three" topics: "Shared" topics: "Other")pb",
             R"pb(date: "2020-01-02" headline: "Four")pb",
         }) {
      v1::IngestEventRequest req;
      ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text, req.mutable_event()));
      ASSERT_TRUE(ingestor.Apply(*Ingestor::Prepare(req)).ok()) << text;
    }
    // Renamed once, so that an alias exists.
    v1::IngestEventRequest req;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
        R"pb(date: "2020-01-02" headline: "Four renamed" revises: "events/2020-01-02/four")pb",
        req.mutable_event()));
    ASSERT_TRUE(ingestor.Apply(*Ingestor::Prepare(req)).ok());
    counting_ = std::make_unique<testing::CountingKvStore>(mem_.kv.get());
    store_ = std::make_unique<EventStore>(counting_.get());
    engine_ = std::make_unique<QueryEngine>(store_.get());
  }

  FakeClock clock_{absl::FromUnixSeconds(1700000000)};
  testing::MemStore mem_;
  std::unique_ptr<testing::CountingKvStore> counting_;
  std::unique_ptr<EventStore> store_;
  std::unique_ptr<QueryEngine> engine_;
};

TEST_F(QueryEngineTest, GetEventIsOnePointReadByCanonicalName) {
  v1::GetEventRequest req;
  req.set_name("events/2020-01-01/one");
  auto e = engine_->GetEvent(req);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->headline(), "One");
  EXPECT_EQ(counting_->gets(), 1);
  EXPECT_EQ(counting_->scanned_rows(), 0);

  // Through an alias: alias -> uid -> event (the canonical miss first).
  counting_->Reset();
  req.set_name("events/2020-01-02/four");
  e = engine_->GetEvent(req);
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ(e->name(), "events/2020-01-02/four-renamed");
  EXPECT_EQ(counting_->gets(), 4);
}

// The bytes GetEvent sends are the stored event's, by any of its names; errors as
// GetEvent's.
TEST_F(QueryEngineTest, GetEventBytesAreTheStoredEventByEveryName) {
  auto stored = store_->GetEvent(*ParseEventName("events/2020-01-02/four-renamed", "name"), "name");
  ASSERT_TRUE(stored.ok()) << stored.status();
  for (const char* name : {"events/2020-01-02/four-renamed", "events/2020-01-02/four"}) {
    v1::GetEventRequest req;
    req.set_name(name);
    auto bytes = engine_->GetEventBytes(req);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    EXPECT_EQ(*bytes, stored->event().SerializeAsString()) << name;
  }
  v1::GetEventRequest req;
  req.set_name("events/2020-01-02/nothing-here");
  EXPECT_EQ(engine_->GetEventBytes(req).status().code(), absl::StatusCode::kNotFound);
  req.set_name("events/2020-13-02/bad");
  auto bad = engine_->GetEventBytes(req);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("name"));
}

// BatchGetEvents: request order, aliases and repeats, through MultiGets only (one
// for canonical names, three more for the aliased ones).
TEST_F(QueryEngineTest, BatchGetEventsKeepsOrderResolvesAliasesWithMultiGets) {
  v1::BatchGetEventsRequest req;
  for (const char* n : {"events/2020-01-02/three", "events/2020-01-02/four",
                        "events/2020-01-01/one", "events/2020-01-02/three"}) {
    req.add_names(n);
  }
  auto r = engine_->BatchGetEvents(req);
  ASSERT_TRUE(r.ok()) << r.status();
  std::vector<std::string> names;
  for (const v1::Event& e : r->events()) names.push_back(e.name());
  EXPECT_THAT(names, ::testing::ElementsAre("events/2020-01-02/three",
                                            "events/2020-01-02/four-renamed",
                                            "events/2020-01-01/one", "events/2020-01-02/three"));
  EXPECT_EQ(counting_->gets(), 0);
  EXPECT_EQ(counting_->multi_gets(), 4);
  EXPECT_EQ(counting_->multi_get_keys(), 4 + 1 + 1 + 1);

  // Canonical names only: one MultiGet.
  counting_->Reset();
  req.clear_names();
  req.add_names("events/2020-01-01/two");
  req.add_names("events/2020-01-01/one");
  r = engine_->BatchGetEvents(req);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->events(0).headline(), "Two");
  EXPECT_EQ(r->events(1).headline(), "One");
  EXPECT_EQ(counting_->multi_gets(), 1);
}

TEST_F(QueryEngineTest, BatchGetEventsRefusesBadBatchesNamingTheItem) {
  v1::BatchGetEventsRequest req;
  auto code_and_message = [&](const v1::BatchGetEventsRequest& q) {
    auto r = engine_->BatchGetEvents(q);
    return r.ok() ? std::string("OK")
                  : absl::StrCat(absl::StatusCodeToString(r.status().code()), ": ",
                                 r.status().message());
  };
  EXPECT_THAT(code_and_message(req), HasSubstr("INVALID_ARGUMENT: names: at least one"));
  req.add_names("events/2020-01-01/one");
  req.add_names("events/2020-01-01/nope");
  req.add_names("events/2020-01-01/two");
  EXPECT_EQ(code_and_message(req), "NOT_FOUND: names[1]: no event named events/2020-01-01/nope");
  req.set_names(1, "not-a-name");
  EXPECT_THAT(code_and_message(req), HasSubstr("INVALID_ARGUMENT: names[1]"));
  req.clear_names();
  for (int i = 0; i <= QueryEngine::kMaxBatchGet; ++i) req.add_names("events/2020-01-01/one");
  EXPECT_THAT(code_and_message(req), HasSubstr("INVALID_ARGUMENT: names: at most 1000"));
  req.mutable_names()->RemoveLast();  // exactly 1000: fine
  auto r = engine_->BatchGetEvents(req);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->events_size(), 1000);
}

TEST_F(QueryEngineTest, ListEventsByDayReadsNoPointsAndByTopicOnePerEvent) {
  v1::ListEventsRequest req;
  req.set_start_date("2020-01-01");
  req.set_end_date("2020-01-02");
  auto all = engine_->ListEvents(req);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(all->events_size(), 4);
  EXPECT_EQ(counting_->gets(), 0);  // the day scan carries the events

  counting_->Reset();
  req.set_topic("shared");
  req.set_page_size(2);
  auto page = engine_->ListEvents(req);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->events_size(), 2);
  EXPECT_FALSE(page->next_page_token().empty());
  EXPECT_EQ(counting_->gets(), 2);  // one per event returned, none for the lookahead

  counting_->Reset();
  req.set_page_token(page->next_page_token());
  auto rest = engine_->ListEvents(req);
  ASSERT_TRUE(rest.ok()) << rest.status();
  ASSERT_EQ(rest->events_size(), 1);
  EXPECT_EQ(rest->events(0).headline(), "Three");
  EXPECT_TRUE(rest->next_page_token().empty());
  EXPECT_EQ(counting_->gets(), 1);
}

TEST_F(QueryEngineTest, TopicRowWithoutItsEventIsDataLossAndCounted) {
  // An index row naming an event that is not stored (as a lost write would leave).
  StoredEvent ghost;
  ghost.mutable_event()->set_date("2020-01-01");
  ghost.mutable_event()->set_slug("ghost");
  ghost.add_topic_keys("shared");
  EventBatch batch;
  batch.PutIndexRows(ghost);
  EventStore writer(mem_.kv.get());
  ASSERT_TRUE(writer.Write(batch, /*sync=*/false).ok());

  v1::ListEventsRequest req;
  req.set_date("2020-01-01");
  req.set_topic("Shared");
  auto got = engine_->ListEvents(req);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(got.status().message(), HasSubstr("2020-01-01/ghost"));
  EXPECT_EQ(store_->data_loss_count(), 1);

  // Related sets meet the same row: also DATA_LOSS, not a silently shorter list.
  v1::ListRelatedEventsRequest related;
  related.set_name("events/2020-01-01/one");
  EXPECT_EQ(engine_->ListRelatedEvents(related).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(store_->data_loss_count(), 2);
}

}  // namespace
}  // namespace dateline
