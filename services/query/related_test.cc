#include "services/query/related.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "lib/store/rocks_kv_store.h"
#include "lib/store/testing/mem_store.h"
#include "services/ingest/ingestor.h"

namespace dateline {
namespace {

using ::testing::ElementsAre;

class RelatedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(mem_.kv, nullptr);
    kv_ = mem_.kv.get();
    ingestor_ = std::make_unique<Ingestor>(kv_, &clock_);
    store_ = std::make_unique<EventStore>(kv_);
  }
  void Ingest(const std::string& text) {
    v1::IngestEventRequest req;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text, req.mutable_event()));
    auto item = Ingestor::Prepare(req);
    ASSERT_TRUE(item.ok()) << item.status();
    ASSERT_TRUE(ingestor_->Apply(*std::move(item)).ok());
  }
  std::vector<std::string> Names(const std::vector<v1::RelatedEvent>& r) {
    std::vector<std::string> out;
    for (const auto& e : r) out.push_back(e.name());
    return out;
  }

  FakeClock clock_{absl::FromUnixSeconds(1700000000)};
  testing::MemStore mem_;
  RocksKvStore* kv_ = nullptr;
  std::unique_ptr<Ingestor> ingestor_;
  std::unique_ptr<EventStore> store_;
};

TEST_F(RelatedTest, RarerSharedTagsRankHigherAndContextNamesThem) {
  Ingest(R"pb(date: "2020-01-10" headline: "Subject." topics: "Common" topics: "Rare" entities: "Paris")pb");
  for (int i = 0; i < 20; ++i) {
    Ingest(absl::StrCat(R"pb(date: "2020-01-)pb", 11 + i % 9, R"pb(" headline: "Common )pb", i,
                        R"pb(." topics: "common")pb"));
  }
  Ingest(R"pb(date: "2019-01-01" headline: "Rare one." topics: "RARE")pb");
  Ingest(R"pb(date: "2019-06-01" headline: "Both." topics: "Rare" entities: "paris")pb");
  Ingest(R"pb(date: "2020-01-10" headline: "Unrelated." topics: "Other")pb");
  auto subject = store_->GetEvent(EventName{"2020-01-10", "subject"}, "name");
  ASSERT_TRUE(subject.ok());
  auto related = ComputeRelated(*store_, *subject, RelatedOptions());
  ASSERT_TRUE(related.ok()) << related.status();
  std::vector<std::string> names = Names(*related);
  ASSERT_EQ(names.size(), 22u);  // every event sharing something, not itself, not "Unrelated"
  EXPECT_EQ(names[0], "events/2019-06-01/both");
  EXPECT_EQ(names[1], "events/2019-01-01/rare-one");
  EXPECT_THAT((*related)[0].context(), ElementsAre("Rare", "Paris"));  // as the subject spells them
  EXPECT_THAT((*related)[1].context(), ElementsAre("Rare"));
  EXPECT_GT((*related)[1].score(), (*related)[2].score());
  EXPECT_LE((*related)[0].score(), 1.0);
  for (const auto& r : *related) EXPECT_FALSE(r.curated());
}

TEST_F(RelatedTest, CuratedLinksComeFirstAndResolveThroughAliases) {
  Ingest(R"pb(date: "2020-01-01" headline: "Old name.")pb");
  Ingest(R"pb(date: "2020-01-01" headline: "New name." revises: "events/2020-01-01/old-name")pb");
  Ingest(R"pb(date: "2020-02-01" headline: "Subject." topics: "T"
              related { name: "events/2020-01-01/old-name" headline: "Old name." context: "T" }
              related { name: "events/2020-03-03/never-imported" headline: "Ghost." })pb");
  Ingest(R"pb(date: "2020-02-02" headline: "Computed." topics: "T")pb");
  auto subject = store_->GetEvent(EventName{"2020-02-01", "subject"}, "name");
  ASSERT_TRUE(subject.ok());
  auto related = ComputeRelated(*store_, *subject, RelatedOptions());
  ASSERT_TRUE(related.ok());
  EXPECT_THAT(Names(*related), ElementsAre("events/2020-01-01/new-name",
                                           "events/2020-03-03/never-imported",
                                           "events/2020-02-02/computed"));
  EXPECT_TRUE((*related)[0].curated() && (*related)[0].resolved());
  EXPECT_EQ((*related)[0].headline(), "New name.");  // the stored headline
  EXPECT_TRUE((*related)[1].curated());
  EXPECT_FALSE((*related)[1].resolved());
  EXPECT_EQ((*related)[1].headline(), "Ghost.");
  EXPECT_GT((*related)[1].score(), (*related)[2].score());
}

}  // namespace
}  // namespace dateline
