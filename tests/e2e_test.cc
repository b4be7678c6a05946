// End-to-end: real dateline-ingest and dateline-query processes on loopback.
#include <chrono>
#include <csignal>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "lib/store/consistency_token.h"
#include "tests/dateline_pair.h"

namespace dateline::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

v1::IngestEventRequest Req(const std::string& text, const std::string& request_id = "") {
  v1::IngestEventRequest req;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, req.mutable_event())) << text;
  if (!request_id.empty()) req.set_request_id(request_id);
  return req;
}

class E2eTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(pair_.Start()); }

  v1::IngestEventResponse MustIngest(const v1::IngestEventRequest& req) {
    v1::IngestEventResponse resp;
    grpc::Status st = pair_.ingest_stub()->IngestEvent(Ctx().get(), req, &resp);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return resp;
  }

  grpc::Status Get(const std::string& name, v1::Event* out, const std::string& token = "") {
    v1::GetEventRequest req;
    req.set_name(name);
    req.set_consistency_token(token);
    return pair_.query_stub()->GetEvent(Ctx().get(), req, out);
  }

  DatelinePair pair_;
};

constexpr char kFirst[] = R"pb(
  date: "2017-07-30"
  headline: "Russian President Vladimir Putin expels 755 United States diplomats in response to new sanctions imposed by the United States."
  topics: "Russia\342\200\223United States relations"
  entities: "Vladimir Putin"
  sources { name: "Al Jazeera" url: "http://www.aljazeera.com/a" }
  observe_time { seconds: 1501659005 }
)pb";
constexpr char kFirstName[] =
    "events/2017-07-30/russian-president-vladimir-putin-expels-755-united-states-diplomats-in-"
    "response-to-new-sanctions-imposed-by-the-united-states";
constexpr char kCurrentName[] =
    "events/2017-07-30/russian-president-vladimir-putin-expels-755-u-s-diplomats-in-response-"
    "to-new-sanctions-imposed-by-the-united-states";

TEST_F(E2eTest, IngestThenReadBackWithConsistencyToken) {
  v1::IngestEventResponse created = MustIngest(Req(kFirst));
  EXPECT_EQ(created.outcome(), v1::IngestEventResponse::CREATED);
  EXPECT_EQ(created.name(), kFirstName);
  v1::Event e;
  grpc::Status st = Get(kFirstName, &e, created.consistency_token());
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(e.name(), kFirstName);
  EXPECT_EQ(e.revision(), 1);
  EXPECT_THAT(e.topics(), ElementsAre("Russia\xE2\x80\x93United States relations"));
  ASSERT_EQ(e.sources_size(), 1);
  EXPECT_EQ(e.sources(0).url(), "http://www.aljazeera.com/a");
  EXPECT_FALSE(e.uid().empty());
}

// GetEvent parses its request itself and sends the stored bytes (a raw method): a
// client sending bytes that are no GetEventRequest gets INVALID_ARGUMENT, and the
// answer to a well-formed one is byte for byte what a typed client reads.
TEST_F(E2eTest, GetEventOverRawBytesRefusesGarbageAndAnswersTheStoredEvent) {
  const std::string token = MustIngest(Req(kFirst)).consistency_token();
  grpc::GenericStub stub(pair_.query()->Channel());
  auto call = [&](const std::string& bytes, std::string* out) {
    grpc::Slice slice(bytes);
    grpc::ByteBuffer request(&slice, 1), response;
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    absl::Notification done;
    grpc::Status status;
    stub.UnaryCall(&ctx, "/dateline.v1.QueryService/GetEvent", grpc::StubOptions(), &request,
                   &response, [&](grpc::Status s) {
                     status = std::move(s);
                     done.Notify();
                   });
    done.WaitForNotification();
    std::vector<grpc::Slice> slices;
    if (status.ok() && response.Dump(&slices).ok()) {
      for (const grpc::Slice& s : slices) out->append(reinterpret_cast<const char*>(s.begin()), s.size());
    }
    return status;
  };
  std::string ignored;
  grpc::Status bad = call(std::string("\x0a\x7f", 2), &ignored);  // a name of 127 bytes, none sent
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad.error_message(), HasSubstr("GetEventRequest"));

  v1::Event typed;
  ASSERT_TRUE(Get(kFirstName, &typed, token).ok());
  // With a token (the read waits on the pool) and without (served inline).
  for (const std::string& t : {token, std::string()}) {
    v1::GetEventRequest req;
    req.set_name(kFirstName);
    req.set_consistency_token(t);
    std::string raw;
    grpc::Status st = call(req.SerializeAsString(), &raw);
    ASSERT_TRUE(st.ok()) << st.error_message();
    v1::Event parsed;
    ASSERT_TRUE(parsed.ParseFromString(raw));
    EXPECT_EQ(parsed.SerializeAsString(), typed.SerializeAsString());
    EXPECT_EQ(parsed.name(), kFirstName);
  }
}

TEST_F(E2eTest, HeadlineChangeKeepsAliasAndListsRevisionsNewestFirst) {
  v1::IngestEventResponse first = MustIngest(Req(kFirst));
  v1::Event before;
  ASSERT_TRUE(Get(kFirstName, &before, first.consistency_token()).ok());
  std::string second = kFirst;
  second.replace(second.find("United States diplomats"), 23, "U.S. diplomats");
  v1::IngestEventRequest req = Req(second);
  req.mutable_event()->set_revises(kFirstName);
  req.mutable_event()->mutable_observe_time()->set_seconds(1503805724);
  v1::IngestEventResponse renamed = MustIngest(req);
  EXPECT_EQ(renamed.outcome(), v1::IngestEventResponse::UPDATED);
  EXPECT_EQ(renamed.name(), kCurrentName);
  EXPECT_EQ(renamed.revision(), 2);

  v1::Event by_alias;
  ASSERT_TRUE(Get(kFirstName, &by_alias, renamed.consistency_token()).ok());
  EXPECT_EQ(by_alias.name(), kCurrentName);
  EXPECT_THAT(by_alias.aliases(), ElementsAre(kFirstName));
  EXPECT_EQ(by_alias.uid(), before.uid());  // stable across the rename

  v1::ListEventRevisionsRequest lr;
  lr.set_name(kFirstName);  // an alias works here too
  v1::ListEventRevisionsResponse revs;
  ASSERT_TRUE(pair_.query_stub()->ListEventRevisions(Ctx().get(), lr, &revs).ok());
  ASSERT_EQ(revs.revisions_size(), 2);
  EXPECT_EQ(revs.revisions(0).revision(), 2);
  EXPECT_EQ(revs.revisions(0).kind(), v1::EventRevision::CURRENT);
  EXPECT_EQ(revs.revisions(0).name(), std::string(kCurrentName) + "/revisions/2");
  EXPECT_EQ(revs.revisions(1).revision(), 1);
  EXPECT_EQ(revs.revisions(1).kind(), v1::EventRevision::FIRST);
  EXPECT_EQ(revs.revisions(1).slug(), std::string(kFirstName).substr(18));
  EXPECT_EQ(revs.revisions(1).observe_time().seconds(), 1501659005);

  v1::GetEventRevisionRequest gr;
  gr.set_name(std::string(kFirstName) + "/revisions/latest");
  v1::EventRevision latest;
  ASSERT_TRUE(pair_.query_stub()->GetEventRevision(Ctx().get(), gr, &latest).ok());
  EXPECT_EQ(latest.revision(), 2);
  EXPECT_EQ(latest.snapshot().headline(), by_alias.headline());
}

TEST_F(E2eTest, ReingestIdenticalIsUnchangedAndRequestIdIsIdempotent) {
  EXPECT_EQ(MustIngest(Req(kFirst, "r1")).outcome(), v1::IngestEventResponse::CREATED);
  EXPECT_EQ(MustIngest(Req(kFirst)).outcome(), v1::IngestEventResponse::UNCHANGED);
  std::string changed = std::string(kFirst) + "summary: \"new\"";
  v1::IngestEventResponse replay = MustIngest(Req(changed, "r1"));
  EXPECT_EQ(replay.outcome(), v1::IngestEventResponse::CREATED);  // the earlier answer
  v1::IngestEventResponse unchanged = MustIngest(Req(kFirst));
  EXPECT_EQ(unchanged.outcome(), v1::IngestEventResponse::UNCHANGED);
  EXPECT_EQ(unchanged.revision(), 1);
}

TEST_F(E2eTest, ListEventsByDayRangeAndTopicIgnoringCaseAndDashes) {
  MustIngest(Req(kFirst));
  MustIngest(Req(R"pb(date: "2017-07-30" headline: "Another event the same day.")pb"));
  v1::IngestEventResponse last = MustIngest(Req(R"pb(
    date: "2017-08-02"
    headline: "Russia-United States relations: Trump signs the sanctions act."
  )pb"));

  v1::ListEventsRequest day;
  day.set_date("2017-07-30");
  day.set_consistency_token(last.consistency_token());
  v1::ListEventsResponse resp;
  ASSERT_TRUE(pair_.query_stub()->ListEvents(Ctx().get(), day, &resp).ok());
  ASSERT_EQ(resp.events_size(), 2);
  EXPECT_EQ(resp.events(0).slug(), "another-event-the-same-day");  // date, then slug
  EXPECT_TRUE(resp.next_page_token().empty());

  v1::ListEventsRequest topic;
  topic.set_start_date("2017-01-01");
  topic.set_end_date("2017-12-31");
  topic.set_topic("RUSSIA - united states relations");
  topic.set_page_size(1);
  std::vector<std::string> names;
  for (int page = 0; page < 5; ++page) {
    v1::ListEventsResponse r;
    grpc::Status st = pair_.query_stub()->ListEvents(Ctx().get(), topic, &r);
    ASSERT_TRUE(st.ok()) << st.error_message();
    for (const auto& e : r.events()) names.push_back(e.name());
    if (r.next_page_token().empty()) break;
    topic.set_page_token(r.next_page_token());
  }
  EXPECT_THAT(names, ElementsAre(kFirstName,
                                 "events/2017-08-02/russia-united-states-relations-trump-"
                                 "signs-the-sanctions-act"));
}

TEST_F(E2eTest, RelatedEventsShareTopicsWithContext) {
  MustIngest(Req(kFirst));
  MustIngest(Req(R"pb(date: "2016-12-29" headline: "The United States expels 35 Russian diplomats."
                     topics: "Russia-United States relations" entities: "Vladimir Putin")pb"));
  v1::IngestEventResponse last =
      MustIngest(Req(R"pb(date: "2016-12-30" headline: "Unrelated sports result." topics: "Football")pb"));
  v1::ListRelatedEventsRequest req;
  req.set_name(kFirstName);
  req.set_consistency_token(last.consistency_token());
  v1::ListRelatedEventsResponse resp;
  ASSERT_TRUE(pair_.query_stub()->ListRelatedEvents(Ctx().get(), req, &resp).ok());
  ASSERT_EQ(resp.related_events_size(), 1);
  const v1::RelatedEvent& r = resp.related_events(0);
  EXPECT_EQ(r.name(), "events/2016-12-29/the-united-states-expels-35-russian-diplomats");
  EXPECT_THAT(r.context(),
              ElementsAre("Russia\xE2\x80\x93United States relations", "Vladimir Putin"));
  EXPECT_FALSE(r.curated());
  EXPECT_GT(r.score(), 0);
}

// The query keeps related pages while the store does not change (--related_cache_mb,
// on by default): asking again gives the same page, and any write makes the next call
// compute it afresh, so a new related event appears at once.
TEST_F(E2eTest, CachedRelatedPagesFollowWrites) {
  MustIngest(Req(kFirst));
  v1::IngestEventResponse second = MustIngest(Req(
      R"pb(date: "2016-12-29" headline: "The United States expels 35 Russian diplomats."
           topics: "Russia-United States relations")pb"));
  v1::ListRelatedEventsRequest req;
  req.set_name(kFirstName);
  req.set_consistency_token(second.consistency_token());
  auto related_names = [&](const v1::ListRelatedEventsRequest& r) {
    v1::ListRelatedEventsResponse resp;
    grpc::Status st = pair_.query_stub()->ListRelatedEvents(Ctx().get(), r, &resp);
    EXPECT_TRUE(st.ok()) << st.error_message();
    std::vector<std::string> names;
    for (const auto& e : resp.related_events()) names.push_back(e.name());
    return names;
  };
  const std::vector<std::string> before = related_names(req);
  EXPECT_THAT(before, ElementsAre("events/2016-12-29/the-united-states-expels-35-russian-diplomats"));
  EXPECT_EQ(related_names(req), before);  // served again, unchanged

  v1::IngestEventResponse third = MustIngest(Req(
      R"pb(date: "2017-07-31" headline: "Russia seizes two U.S. diplomatic properties."
           topics: "Russia-United States relations")pb"));
  req.set_consistency_token(third.consistency_token());
  EXPECT_THAT(related_names(req),
              ElementsAre("events/2017-07-31/russia-seizes-two-u-s-diplomatic-properties",
                          "events/2016-12-29/the-united-states-expels-35-russian-diplomats"));
}

TEST_F(E2eTest, ConsistencyTokenGivesReadYourWrites) {
  // A query that never catches up on its own: only the token can make it.
  DatelinePair slow({.query_args = {"--catchup_interval=1h"}});
  ASSERT_TRUE(slow.Start());
  v1::IngestEventResponse created;
  ASSERT_TRUE(slow.ingest_stub()->IngestEvent(Ctx().get(), Req(kFirst), &created).ok());
  v1::GetEventRequest req;
  req.set_name(kFirstName);
  v1::Event e;
  EXPECT_EQ(slow.query_stub()->GetEvent(Ctx().get(), req, &e).error_code(),
            grpc::StatusCode::NOT_FOUND);
  req.set_consistency_token(created.consistency_token());
  grpc::Status st = slow.query_stub()->GetEvent(Ctx().get(), req, &e);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(e.name(), kFirstName);
}

// Point reads waiting for tokens are bounded (--max_threads waiting, as many again
// queued): one more gets RESOURCE_EXHAUSTED at once, the waiting ones still end with
// their own answer (here UNAVAILABLE: the token is ahead of every write), and reads
// without a token are served meanwhile.
TEST_F(E2eTest, TokenWaitsAreBoundedAndOthersAreStillServed) {
  DatelinePair pair({.query_args = {"--max_threads=1", "--max_consistency_wait=3s"}});
  ASSERT_TRUE(pair.Start());
  v1::IngestEventResponse created;
  ASSERT_TRUE(pair.ingest_stub()->IngestEvent(Ctx().get(), Req(kFirst), &created).ok());
  const std::string ahead = EncodeConsistencyToken(uint64_t{1} << 40);
  // Two waiting (one on the waiting thread, one queued), then a third.
  struct Call {
    grpc::ClientContext ctx;
    v1::Event event;
    grpc::Status status;
    absl::Notification done;
  };
  std::vector<std::unique_ptr<Call>> calls;
  v1::GetEventRequest req;
  req.set_name(kFirstName);
  req.set_consistency_token(ahead);
  for (int i = 0; i < 2; ++i) {
    calls.push_back(std::make_unique<Call>());
    Call* c = calls.back().get();
    c->ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    pair.query_stub()->async()->GetEvent(&c->ctx, &req, &c->event, [c](grpc::Status st) {
      c->status = st;
      c->done.Notify();
    });
  }
  // Until both are on the server, a third could still find room.
  absl::SleepFor(absl::Milliseconds(500));
  v1::Event e;
  grpc::Status third = pair.query_stub()->GetEvent(Ctx().get(), req, &e);
  EXPECT_EQ(third.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << third.error_message();
  EXPECT_THAT(third.error_message(), HasSubstr("consistency_token"));
  // Without a token: served now, while the two still wait.
  v1::GetEventRequest plain;
  plain.set_name(kFirstName);
  grpc::Status st = pair.query_stub()->GetEvent(Ctx().get(), plain, &e);
  EXPECT_TRUE(st.ok()) << st.error_message();
  for (auto& c : calls) {
    ASSERT_TRUE(c->done.WaitForNotificationWithTimeout(absl::Seconds(20)));
    EXPECT_EQ(c->status.error_code(), grpc::StatusCode::UNAVAILABLE) << c->status.error_message();
  }
}

TEST_F(E2eTest, BulkStreamAnswersEveryItemInOrder) {
  grpc::ClientContext ctx;
  auto stream = pair_.ingest_stub()->IngestEvents(&ctx);
  std::vector<v1::IngestEventRequest> reqs = {
      Req(R"pb(date: "2020-01-01" headline: "One")pb"),
      Req(R"pb(date: "2020-02-30" headline: "Bad date")pb"),
      Req(R"pb(date: "2020-01-02" headline: "Two")pb"),
      Req(R"pb(date: "2020-01-01" headline: "One")pb"),
  };
  for (const auto& r : reqs) ASSERT_TRUE(stream->Write(r));
  stream->WritesDone();
  std::vector<v1::IngestEventResponse> got;
  v1::IngestEventResponse resp;
  while (stream->Read(&resp)) got.push_back(resp);
  ASSERT_TRUE(stream->Finish().ok());
  ASSERT_EQ(got.size(), 4u);
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i].index(), static_cast<int64_t>(i));
  EXPECT_EQ(got[0].outcome(), v1::IngestEventResponse::CREATED);
  EXPECT_EQ(got[1].error().code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_THAT(got[1].error().message(), HasSubstr("event.date"));
  EXPECT_EQ(got[2].outcome(), v1::IngestEventResponse::CREATED);
  EXPECT_EQ(got[3].outcome(), v1::IngestEventResponse::UNCHANGED);
}

TEST_F(E2eTest, ReflectionListsBothServices) {
  for (ServerProcess* server : {pair_.ingest(), pair_.query()}) {
    auto stub = grpc::reflection::v1alpha::ServerReflection::NewStub(server->Channel());
    grpc::ClientContext ctx;
    auto stream = stub->ServerReflectionInfo(&ctx);
    grpc::reflection::v1alpha::ServerReflectionRequest req;
    req.set_list_services("");
    ASSERT_TRUE(stream->Write(req));
    req.set_file_containing_symbol("dateline.v1.QueryService.GetEvent");
    ASSERT_TRUE(stream->Write(req));
    stream->WritesDone();
    grpc::reflection::v1alpha::ServerReflectionResponse resp;
    ASSERT_TRUE(stream->Read(&resp));
    std::vector<std::string> services;
    for (const auto& s : resp.list_services_response().service()) services.push_back(s.name());
    EXPECT_THAT(services, ::testing::Contains("grpc.health.v1.Health"));
    EXPECT_THAT(services, ::testing::Contains(server == pair_.ingest()
                                                  ? "dateline.v1.IngestService"
                                                  : "dateline.v1.QueryService"));
    ASSERT_TRUE(stream->Read(&resp));
    if (server == pair_.query()) {
      EXPECT_GT(resp.file_descriptor_response().file_descriptor_proto_size(), 0);
    }
    while (stream->Read(&resp)) {
    }
    EXPECT_TRUE(stream->Finish().ok());
  }
}

TEST_F(E2eTest, SigtermDrainsAndExitsZeroKeepingAcknowledgedData) {
  v1::IngestEventResponse created = MustIngest(Req(kFirst));
  pair_.query()->Signal(SIGTERM);
  pair_.ingest()->Signal(SIGTERM);
  auto q = pair_.query()->Wait(absl::Seconds(20));
  auto i = pair_.ingest()->Wait(absl::Seconds(20));
  ASSERT_TRUE(q.ok() && i.ok());
  EXPECT_EQ(*q, 0) << pair_.query()->Log();
  EXPECT_EQ(*i, 0) << pair_.ingest()->Log();
  EXPECT_THAT(pair_.ingest()->Log(), HasSubstr("signal 15; health NOT_SERVING"));
  ASSERT_TRUE(pair_.Start());
  v1::Event e;
  ASSERT_TRUE(Get(kFirstName, &e, created.consistency_token()).ok());
}

TEST_F(E2eTest, HealthIsNotServingDuringTheDrainThenTheProcessExitsZero) {
  TempDir dir;
  auto ingest = ServerProcess::Start(DATELINE_INGEST_BIN,
                                     {"--db=" + dir.path() + "/db", "--drain_delay=3s"},
                                     dir.path(), "draining-ingest");
  ASSERT_TRUE(ingest.ok()) << ingest.status();
  ASSERT_TRUE((*ingest)->WaitServing().ok());
  (*ingest)->Signal(SIGTERM);
  bool saw_not_serving = false;
  for (int i = 0; i < 100 && !saw_not_serving; ++i) {
    auto h = (*ingest)->Health();
    saw_not_serving = h.ok() && *h == "NOT_SERVING";
    if (!saw_not_serving) absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_TRUE(saw_not_serving) << (*ingest)->Log();
  auto code = (*ingest)->Wait(absl::Seconds(20));
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(*code, 0);
}

TEST_F(E2eTest, HealthIsNotServingUntilTheStoreExists) {
  TempDir dir;
  auto query = ServerProcess::Start(DATELINE_QUERY_BIN,
                                    {"--db=" + dir.path() + "/nothing-here",
                                     "--secondary_dir=" + dir.path() + "/sec"},
                                    dir.path(), "lonely-query");
  ASSERT_TRUE(query.ok()) << query.status();
  auto health = (*query)->Health();
  ASSERT_TRUE(health.ok()) << health.status();
  EXPECT_EQ(*health, "NOT_SERVING");
  auto stub = v1::QueryService::NewStub((*query)->Channel());
  v1::GetEventRequest req;
  req.set_name(kFirstName);
  v1::Event e;
  EXPECT_EQ(stub->GetEvent(Ctx().get(), req, &e).error_code(), grpc::StatusCode::UNAVAILABLE);
}

}  // namespace
}  // namespace dateline::testing
