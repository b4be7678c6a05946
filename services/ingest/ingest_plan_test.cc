// The decision step on its own: stored state and submission in, plan out. No store.
#include "services/ingest/ingest_plan.h"

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "services/ingest/ingestor.h"

namespace dateline {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const absl::Time kNow = absl::FromUnixSeconds(1700000000);

IngestItem Item(const std::string& event_text) {
  v1::IngestEventRequest req;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(event_text, req.mutable_event()));
  auto item = Ingestor::Prepare(req);
  EXPECT_TRUE(item.ok()) << item.status();
  return item.ok() ? *item : IngestItem();
}

// The stored state after creating `event_text` with uid `uid` (via Decide itself).
StoredEvent Created(const std::string& event_text, const std::string& uid) {
  StoredState empty;
  empty.free_uid = uid;
  auto plan = Decide(Item(event_text), empty, kNow - absl::Hours(1));
  EXPECT_TRUE(plan.ok()) << plan.status();
  return plan.ok() && plan->event.has_value() ? *plan->event : StoredEvent();
}

std::vector<std::string> Names(const std::vector<EventName>& names) {
  std::vector<std::string> out;
  for (const EventName& n : names) out.push_back(n.ToString());
  return out;
}

TEST(DecideTest, NewEventIsCreatedWithFirstRevisionAndCount) {
  StoredState state;
  state.free_uid = "00000000000000aa";
  state.event_count = 7;
  auto plan = Decide(Item(R"pb(date: "2020-01-01" headline: "Alpha" topics: "T")pb"), state,
                     kNow);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->response.outcome(), v1::IngestEventResponse::CREATED);
  EXPECT_EQ(plan->response.name(), "events/2020-01-01/alpha");
  ASSERT_TRUE(plan->event.has_value());
  EXPECT_EQ(plan->event->event().uid(), "00000000000000aa");
  EXPECT_THAT(plan->event->topic_keys(), ElementsAre("t"));
  EXPECT_TRUE(plan->write_uid);
  EXPECT_FALSE(plan->replaced.has_value());
  ASSERT_EQ(plan->revisions_added.size(), 1u);
  EXPECT_EQ(plan->revisions_added[0].snapshot().name(), "events/2020-01-01/alpha");
  EXPECT_EQ(plan->event_count, 8);
}

TEST(DecideTest, NoFreeUidIsInternal) {
  auto plan = Decide(Item(R"pb(date: "2020-01-01" headline: "Alpha")pb"), StoredState(), kNow);
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kInternal);
}

TEST(DecideTest, EarlierAnswerIsReplayedAndNothingWritten) {
  StoredState state;
  state.earlier.emplace();
  state.earlier->set_outcome(v1::IngestEventResponse::CREATED);
  state.earlier->set_name("events/2020-01-01/alpha");
  auto plan = Decide(Item(R"pb(date: "2020-01-01" headline: "Other")pb"), state, kNow);
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->replay);
  EXPECT_EQ(plan->response.name(), "events/2020-01-01/alpha");
  EXPECT_TRUE(Ingestor::ToBatch(*plan, "req").empty());
}

TEST(DecideTest, SameContentIsUnchangedAndWritesNoEvent) {
  const char* text = R"pb(date: "2020-01-01" headline: "Alpha" sources { name: "X" })pb";
  StoredState state;
  state.current = Created(text, "u1");
  auto plan = Decide(Item(text), state, kNow);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->response.outcome(), v1::IngestEventResponse::UNCHANGED);
  EXPECT_EQ(plan->response.revision(), 1);
  EXPECT_FALSE(plan->event.has_value());
  EXPECT_TRUE(Ingestor::ToBatch(*plan, "").empty());
}

TEST(DecideTest, ChangedContentIsANewRevisionReplacingTheOldIndexRows) {
  StoredState state;
  state.current = Created(R"pb(date: "2020-01-01" headline: "Alpha" topics: "Old")pb", "u1");
  auto plan = Decide(Item(R"pb(date: "2020-01-01" headline: "Alpha" topics: "New")pb"), state,
                     kNow);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->response.outcome(), v1::IngestEventResponse::UPDATED);
  EXPECT_EQ(plan->response.revision(), 2);
  ASSERT_TRUE(plan->replaced.has_value());
  EXPECT_THAT(plan->replaced->topic_keys(), ElementsAre("old"));
  EXPECT_THAT(plan->event->topic_keys(), ElementsAre("new"));
  EXPECT_FALSE(plan->write_uid);  // same name
  EXPECT_FALSE(plan->event_count.has_value());
}

TEST(DecideTest, RenameMakesTheOldNameAnAlias) {
  StoredState state;
  state.current = Created(R"pb(date: "2020-01-01" headline: "Alpha")pb", "u1");
  auto plan = Decide(
      Item(R"pb(date: "2020-01-01" headline: "Alpha two" revises: "events/2020-01-01/alpha")pb"),
      state, kNow);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->response.name(), "events/2020-01-01/alpha-two");
  EXPECT_THAT(Names(plan->aliases_added), ElementsAre("events/2020-01-01/alpha"));
  EXPECT_EQ(plan->alias_removed->ToString(), "events/2020-01-01/alpha-two");
  EXPECT_TRUE(plan->write_uid);
  EXPECT_THAT(plan->event->event().aliases(), ElementsAre("events/2020-01-01/alpha"));
  EXPECT_FALSE(plan->absorbed.has_value());
}

TEST(DecideTest, RenameOntoAnotherEventsNameMergesItKeepingItsRevisions) {
  StoredState state;
  state.current = Created(R"pb(date: "2020-01-01" headline: "Alpha")pb", "u1");
  state.name_holder = Created(R"pb(date: "2020-01-01" headline: "Beta")pb", "u2");
  v1::EventRevision beta1;
  beta1.set_revision(1);
  beta1.set_headline("Beta");
  beta1.mutable_snapshot()->set_revision(1);
  state.name_holder_revisions = {beta1};
  state.event_count = 2;
  auto plan = Decide(
      Item(R"pb(date: "2020-01-01" headline: "Beta" revises: "events/2020-01-01/alpha")pb"),
      state, kNow);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->response.outcome(), v1::IngestEventResponse::UPDATED);
  EXPECT_EQ(plan->response.revision(), 3);
  ASSERT_TRUE(plan->absorbed.has_value());
  EXPECT_EQ(plan->absorbed->event().uid(), "u2");
  EXPECT_THAT(plan->absorbed_revisions, ElementsAre(1));
  ASSERT_EQ(plan->revisions_added.size(), 2u);
  EXPECT_EQ(plan->revisions_added[0].revision(), 2);  // Beta's revision 1, moved
  EXPECT_EQ(plan->revisions_added[0].headline(), "Beta");
  EXPECT_EQ(plan->revisions_added[0].snapshot().revision(), 2);
  EXPECT_EQ(plan->revisions_added[1].revision(), 3);
  EXPECT_EQ(plan->event_count, 1);
  EXPECT_EQ(plan->event->event().uid(), "u1");
}

TEST(DecideTest, PageEarlierNameOfAnotherEventIsAlreadyExists) {
  IngestItem item = Item(R"pb(date: "2020-01-01" headline: "Current" slug: "current")pb");
  item.history = VersionHistory{{{"Old", {"2020-01-01", "old"}, kNow - absl::Hours(5)},
                                 {"Current", {"2020-01-01", "current"}, std::nullopt}}};
  ASSERT_THAT(Names(EarlierNames(item)), ElementsAre("events/2020-01-01/old"));
  StoredState state;
  state.free_uid = "u9";
  state.earlier_name_owners = {{{"2020-01-01", "old"}, "u3", "events/2020-01-01/old"}};
  auto plan = Decide(item, state, kNow);
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(plan.status().message(), HasSubstr("path: earlier name events/2020-01-01/old"));
}

TEST(DecideTest, PageDifferingOnlyInLayoutRefreshesItWithoutARevision) {
  const char* text = R"pb(date: "2020-01-01" headline: "Alpha" slug: "alpha")pb";
  StoredState state;
  state.current = Created(text, "u1");
  state.current->mutable_page()->set_date_link("/news/2020/1/1/index.md");
  state.current_revisions = {};
  for (bool with_link : {true, false}) {
    IngestItem item = Item(text);
    item.from_page = true;
    item.page_extras.emplace();
    if (with_link) item.page_extras->set_date_link("/news/2020/01/1/index.md");
    auto plan = Decide(item, state, kNow);
    ASSERT_TRUE(plan.ok()) << plan.status();
    EXPECT_EQ(plan->response.outcome(), v1::IngestEventResponse::UNCHANGED);
    EXPECT_THAT(plan->revisions_added, IsEmpty());
    ASSERT_TRUE(plan->event.has_value()) << "layout change must be written";
    EXPECT_EQ(plan->event->has_page(), with_link);
    if (with_link) {
      EXPECT_EQ(plan->event->page().date_link(), "/news/2020/01/1/index.md");
    }
    EXPECT_EQ(plan->event->event().update_time().seconds(),
              state.current->event().update_time().seconds());
  }
  // The same layout again: nothing to write.
  IngestItem same = Item(text);
  same.from_page = true;
  same.page_extras = state.current->page();
  auto plan = Decide(same, state, kNow);
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->event.has_value());
}

TEST(DecideTest, NonPageSubmissionKeepsTheStoredLayout) {
  StoredState state;
  state.current = Created(R"pb(date: "2020-01-01" headline: "Alpha")pb", "u1");
  state.current->mutable_page()->set_date_link("/news/2020/1/1/index.md");
  auto plan = Decide(Item(R"pb(date: "2020-01-01" headline: "Alpha" summary: "more")pb"),
                     state, kNow);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->event->page().date_link(), "/news/2020/1/1/index.md");
}

}  // namespace
}  // namespace dateline
