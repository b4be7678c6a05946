#include "services/ingest/ingestor.h"

#include <memory>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "lib/store/rocks_kv_store.h"
#include "lib/store/testing/mem_store.h"
#include "lib/store/testing/rows.h"

namespace dateline {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class IngestorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(mem_.kv, nullptr);
    kv_ = mem_.kv.get();
    ingestor_ = std::make_unique<Ingestor>(kv_, &clock_);
  }

  absl::StatusOr<v1::IngestEventResponse> Ingest(const std::string& event_text,
                                                 const std::string& request_id = "") {
    v1::IngestEventRequest req;
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(event_text, req.mutable_event()))
        << event_text;
    req.set_request_id(request_id);
    auto item = Ingestor::Prepare(req);
    if (!item.ok()) return item.status();
    return ingestor_->Apply(*std::move(item));
  }

  StoredEvent MustGet(const std::string& name) {
    EventStore store(kv_);
    auto parsed = ParseEventName(name);
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    auto got = store.GetEvent(*parsed, "name");
    EXPECT_TRUE(got.ok()) << got.status();
    return got.ok() ? *got : StoredEvent();
  }

  std::vector<std::string> Rows(testing::RowKind kind) { return testing::Rows(*kv_, kind); }

  FakeClock clock_{absl::FromUnixSeconds(1700000000)};
  testing::MemStore mem_;
  RocksKvStore* kv_ = nullptr;
  std::unique_ptr<Ingestor> ingestor_;
};

constexpr char kPutin[] = R"pb(
  date: "2017-07-30"
  headline: "Russian President Vladimir Putin expels 755 United States diplomats."
  topics: "Russia\342\200\223United States relations"
  sources { name: "CNN" url: "http://edition.cnn.com/a" }
)pb";
constexpr char kPutinName[] =
    "events/2017-07-30/russian-president-vladimir-putin-expels-755-united-states-diplomats";

TEST_F(IngestorTest, CreatesThenUnchangedOnIdenticalContent) {
  auto first = Ingest(kPutin);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->outcome(), v1::IngestEventResponse::CREATED);
  EXPECT_EQ(first->name(), kPutinName);
  EXPECT_EQ(first->revision(), 1);
  EXPECT_FALSE(first->consistency_token().empty());

  // Same content with different whitespace normalizes to the same thing.
  std::string spaced = kPutin;
  spaced.replace(spaced.find("expels"), 6, "expels  ");
  auto again = Ingest(spaced);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->outcome(), v1::IngestEventResponse::UNCHANGED);
  EXPECT_EQ(again->revision(), 1);

  StoredEvent e = MustGet(kPutinName);
  EXPECT_EQ(e.event().revision(), 1);
  EXPECT_THAT(e.topic_keys(), ElementsAre("russia-united states relations"));
  EXPECT_THAT(Rows(testing::RowKind::kTopic),
              ElementsAre("russia-united states relations "
                          "2017-07-30/russian-president-vladimir-putin-expels-"
                          "755-united-states-diplomats"));
  EXPECT_THAT(Rows(testing::RowKind::kRevision), ::testing::SizeIs(1));
}

TEST_F(IngestorTest, ChangedContentIsANewRevision) {
  ASSERT_TRUE(Ingest(kPutin).ok());
  clock_.Advance(absl::Hours(1));
  std::string more = std::string(kPutin) + R"pb(sources { name: "BBC" })pb";
  auto updated = Ingest(more);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->outcome(), v1::IngestEventResponse::UPDATED);
  EXPECT_EQ(updated->revision(), 2);
  StoredEvent e = MustGet(kPutinName);
  EXPECT_EQ(e.event().sources_size(), 2);
  EXPECT_NE(e.event().create_time().seconds(), e.event().update_time().seconds());
}

TEST_F(IngestorTest, HeadlineChangeRenamesAndKeepsAlias) {
  ASSERT_TRUE(Ingest(kPutin).ok());
  auto renamed = Ingest(std::string(R"pb(
    date: "2017-07-30"
    headline: "Russian President Vladimir Putin expels 755 U.S. diplomats."
    topics: "Russia\342\200\223United States relations"
    sources { name: "CNN" url: "http://edition.cnn.com/a" }
    revises: ")pb") + kPutinName + "\"");
  ASSERT_TRUE(renamed.ok()) << renamed.status();
  EXPECT_EQ(renamed->outcome(), v1::IngestEventResponse::UPDATED);
  const std::string new_name =
      "events/2017-07-30/russian-president-vladimir-putin-expels-755-u-s-diplomats";
  EXPECT_EQ(renamed->name(), new_name);
  EXPECT_EQ(renamed->revision(), 2);

  StoredEvent by_alias = MustGet(kPutinName);
  EXPECT_EQ(by_alias.event().name(), new_name);
  EXPECT_THAT(by_alias.event().aliases(), ElementsAre(kPutinName));
  // Index rows moved to the new name; the old event row is gone.
  EXPECT_THAT(Rows(testing::RowKind::kEvent), ElementsAre("2017-07-30/russian-president-vladimir-putin-expels-"
                                      "755-u-s-diplomats"));
  EXPECT_THAT(Rows(testing::RowKind::kTopic), ::testing::SizeIs(1));
  EXPECT_THAT(Rows(testing::RowKind::kTopic)[0], HasSubstr("u-s-diplomats"));

  // Submitting the old headline again (no revises) resolves through the alias and
  // renames back: the names swap roles.
  auto back = Ingest(kPutin);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->outcome(), v1::IngestEventResponse::UPDATED);
  EXPECT_EQ(back->name(), kPutinName);
  EXPECT_THAT(MustGet(new_name).event().aliases(), ElementsAre(new_name));
  EXPECT_THAT(Rows(testing::RowKind::kAlias), ElementsAre("2017-07-30/russian-president-vladimir-putin-expels-"
                                      "755-u-s-diplomats"));
}

TEST_F(IngestorTest, RequestIdReturnsEarlierAnswer) {
  auto first = Ingest(kPutin, "req-1");
  ASSERT_TRUE(first.ok());
  std::string changed = std::string(kPutin) + R"pb(summary: "different")pb";
  auto replay = Ingest(changed, "req-1");
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->outcome(), v1::IngestEventResponse::CREATED);
  EXPECT_EQ(MustGet(kPutinName).event().revision(), 1);
  EXPECT_FALSE(MustGet(kPutinName).event().has_summary());
}

TEST_F(IngestorTest, UnknownRevisesIsNotFoundAndWritesNothing) {
  auto got = Ingest(R"pb(date: "2017-07-30" headline: "x" revises: "events/2017-07-30/nope")pb");
  EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(got.status().message(), HasSubstr("event.revises"));
  EXPECT_THAT(Rows(testing::RowKind::kEvent), ::testing::IsEmpty());
}

TEST_F(IngestorTest, RenameOntoAnotherEventMergesItAndKeepsItsRevisions) {
  ASSERT_TRUE(Ingest(R"pb(date: "2020-01-01" headline: "Alpha" topics: "T")pb").ok());
  clock_.Advance(absl::Hours(1));
  auto beta = Ingest(R"pb(date: "2020-01-01" headline: "Beta" topics: "T"
                         summary: "Beta as first seen")pb");
  ASSERT_TRUE(beta.ok()) << beta.status();
  const std::string beta_uid = MustGet("events/2020-01-01/beta").event().uid();
  clock_.Advance(absl::Hours(1));
  auto got = Ingest(R"pb(date: "2020-01-01" headline: "Beta" topics: "T"
                        sources { name: "X" } revises: "events/2020-01-01/alpha")pb");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->outcome(), v1::IngestEventResponse::UPDATED);
  EXPECT_EQ(got->name(), "events/2020-01-01/beta");
  StoredEvent merged = MustGet("events/2020-01-01/alpha");
  EXPECT_EQ(merged.event().name(), "events/2020-01-01/beta");
  EXPECT_NE(merged.event().uid(), beta_uid);
  EXPECT_THAT(merged.event().aliases(), ElementsAre("events/2020-01-01/alpha"));
  EXPECT_THAT(Rows(testing::RowKind::kEvent), ElementsAre("2020-01-01/beta"));
  EXPECT_THAT(Rows(testing::RowKind::kTopic), ::testing::SizeIs(1));

  // Beta's revision is kept: it follows Alpha's, then comes the merge's revision.
  EXPECT_EQ(merged.event().revision(), 3);
  EventStore store(kv_);
  auto revisions = store.LoadRevisions(merged.event().uid());
  ASSERT_TRUE(revisions.ok()) << revisions.status();
  ASSERT_EQ(revisions->size(), 3u);
  EXPECT_EQ((*revisions)[0].headline(), "Alpha");
  EXPECT_EQ((*revisions)[1].revision(), 2);
  EXPECT_EQ((*revisions)[1].headline(), "Beta");
  EXPECT_EQ((*revisions)[1].snapshot().summary(), "Beta as first seen");
  EXPECT_EQ((*revisions)[1].snapshot().revision(), 2);
  EXPECT_EQ((*revisions)[2].snapshot().sources(0).name(), "X");
  // No revision row stays under the absorbed uid; that uid names the merged event.
  auto left = store.LoadRevisions(beta_uid);
  ASSERT_TRUE(left.ok());
  EXPECT_THAT(*left, ::testing::IsEmpty());
  EXPECT_THAT(Rows(testing::RowKind::kRevision), ::testing::SizeIs(3));
  EXPECT_THAT(Rows(testing::RowKind::kUid), ::testing::Contains(beta_uid));
  EXPECT_EQ(*store.EventCount(), 1);
}

TEST_F(IngestorTest, BadItemInABatchDoesNotStopTheOthers) {
  std::vector<IngestItem> items;
  for (const char* text : {R"pb(date: "2020-01-01" headline: "One")pb",
                           R"pb(date: "2020-01-01" headline: "Two" revises: "events/2020-01-01/zzz")pb",
                           R"pb(date: "2020-01-02" headline: "Three")pb"}) {
    v1::IngestEventRequest req;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text, req.mutable_event()));
    items.push_back(*Ingestor::Prepare(req));
  }
  auto results = ingestor_->ApplyAll(std::move(items));
  ASSERT_TRUE(results.ok());
  ASSERT_EQ(results->size(), 3u);
  EXPECT_TRUE((*results)[0].ok());
  EXPECT_EQ((*results)[1].status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE((*results)[2].ok());
  EXPECT_THAT(Rows(testing::RowKind::kEvent), ElementsAre("2020-01-01/one", "2020-01-02/three"));
  EventStore store(kv_);
  EXPECT_EQ(*store.EventCount(), 2);
}

TEST_F(IngestorTest, HistoryCreatesRevisionsAndAliases) {
  v1::IngestEventRequest req;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(
      R"pb(date: "2017-07-30" headline: "Current headline" slug: "current-headline")pb",
      req.mutable_event()));
  IngestItem item = *Ingestor::Prepare(req);
  VersionHistory h;
  h.versions.push_back({"First headline", {"2017-07-30", "first-headline"},
                        absl::FromUnixSeconds(1501659005)});
  h.versions.push_back({"Second headline", {"2017-07-30", "second-headline"},
                        absl::FromUnixSeconds(1503805724)});
  h.versions.push_back({"Current headline", {"2017-07-30", "current-headline"}, std::nullopt});
  item.history = h;
  auto got = ingestor_->Apply(item);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->revision(), 3);
  StoredEvent e = MustGet("events/2017-07-30/first-headline");
  EXPECT_EQ(e.event().name(), "events/2017-07-30/current-headline");
  EXPECT_THAT(e.event().aliases(), ElementsAre("events/2017-07-30/first-headline",
                                               "events/2017-07-30/second-headline"));
  // Re-applying the same page changes nothing.
  auto again = ingestor_->Apply(item);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->outcome(), v1::IngestEventResponse::UNCHANGED);
}

}  // namespace
}  // namespace dateline
