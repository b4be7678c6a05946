// Bad input over gRPC: the right code, a message naming the field, nothing written,
// and the servers keep serving.
#include <functional>
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "tests/dateline_pair.h"

namespace dateline::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kSeed[] = R"pb(date: "2017-07-30" headline: "Seed event." topics: "Seed")pb";

v1::IngestEventRequest Req(const std::string& text) {
  v1::IngestEventRequest req;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, req.mutable_event())) << text;
  return req;
}

class BadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(pair_.Start());
    v1::IngestEventResponse resp;
    ASSERT_TRUE(pair_.ingest_stub()->IngestEvent(Ctx().get(), Req(kSeed), &resp).ok());
    seed_token_ = resp.consistency_token();
  }

  // Re-ingests the seed (UNCHANGED, which writes nothing): its token carries the
  // store's current sequence number.
  std::string StoreSequenceToken() {
    v1::IngestEventResponse resp;
    grpc::Status st = pair_.ingest_stub()->IngestEvent(Ctx().get(), Req(kSeed), &resp);
    EXPECT_TRUE(st.ok()) << st.error_message();
    EXPECT_EQ(resp.outcome(), v1::IngestEventResponse::UNCHANGED);
    return resp.consistency_token();
  }

  DatelinePair pair_;
  std::string seed_token_;
};

struct Case {
  std::string what;
  std::function<grpc::Status(DatelinePair&)> call;
  grpc::StatusCode code;
  std::string field;  // the message must name it
};

grpc::Status Ingest(DatelinePair& p, const v1::IngestEventRequest& req) {
  v1::IngestEventResponse resp;
  return p.ingest_stub()->IngestEvent(Ctx().get(), req, &resp);
}

grpc::Status IngestText(DatelinePair& p, const std::string& text) { return Ingest(p, Req(text)); }

grpc::Status GetEvent(DatelinePair& p, const std::string& name, const std::string& token = "") {
  v1::GetEventRequest req;
  req.set_name(name);
  req.set_consistency_token(token);
  v1::Event e;
  return p.query_stub()->GetEvent(Ctx().get(), req, &e);
}

grpc::Status List(DatelinePair& p, std::function<void(v1::ListEventsRequest*)> fill) {
  v1::ListEventsRequest req;
  fill(&req);
  v1::ListEventsResponse resp;
  return p.query_stub()->ListEvents(Ctx().get(), req, &resp);
}

TEST_F(BadInputTest, EachGetsTheRightCodeNamesTheFieldAndChangesNothing) {
  const std::string before = StoreSequenceToken();
  const grpc::StatusCode kInvalid = grpc::StatusCode::INVALID_ARGUMENT;
  std::vector<Case> cases = {
      {"invalid UTF-8 headline",
       [](DatelinePair& p) {
         v1::IngestEventRequest r = Req(R"pb(date: "2020-01-01")pb");
         r.mutable_event()->set_headline("Bad \xC3\x28 bytes");
         return Ingest(p, r);
       },
       kInvalid, "event.headline: invalid UTF-8"},
      {"invalid UTF-8 source name",
       [](DatelinePair& p) {
         v1::IngestEventRequest r = Req(R"pb(date: "2020-01-01" headline: "ok")pb");
         r.mutable_event()->add_sources()->set_name("\xFF");
         return Ingest(p, r);
       },
       kInvalid, "event.sources[0].name"},
      {"impossible date",
       [](DatelinePair& p) { return IngestText(p, R"pb(date: "2021-02-29" headline: "x")pb"); },
       kInvalid, "event.date"},
      {"unparseable date",
       [](DatelinePair& p) { return IngestText(p, R"pb(date: "next tuesday" headline: "x")pb"); },
       kInvalid, "event.date"},
      {"empty headline",
       [](DatelinePair& p) { return IngestText(p, R"pb(date: "2020-01-01" headline: "  ")pb"); },
       kInvalid, "event.headline: required"},
      {"malformed source URL",
       [](DatelinePair& p) {
         return IngestText(
             p, R"pb(date: "2020-01-01" headline: "x" sources { name: "A" url: "notaurl" })pb");
       },
       kInvalid, "event.sources[0].url"},
      {"bad slug",
       [](DatelinePair& p) {
         return IngestText(p, R"pb(date: "2020-01-01" headline: "x" slug: "Not A Slug")pb");
       },
       kInvalid, "event.slug"},
      {"missing event", [](DatelinePair& p) { return Ingest(p, v1::IngestEventRequest()); },
       kInvalid, "event: required"},
      {"unknown revises",
       [](DatelinePair& p) {
         return IngestText(
             p, R"pb(date: "2020-01-01" headline: "x" revises: "events/2020-01-01/nope")pb");
       },
       grpc::StatusCode::NOT_FOUND, "event.revises"},
      {"malformed revises",
       [](DatelinePair& p) {
         return IngestText(p, R"pb(date: "2020-01-01" headline: "x" revises: "nope")pb");
       },
       kInvalid, "event.revises"},
      {"oversize message (over the limit)",
       [](DatelinePair& p) {
         v1::IngestEventRequest r = Req(R"pb(date: "2020-01-01" headline: "x")pb");
         r.mutable_event()->set_summary(std::string(2 << 20, 'a'));
         return Ingest(p, r);
       },
       grpc::StatusCode::RESOURCE_EXHAUSTED, "request: "},
      {"oversize message (over the transport cap)",
       [](DatelinePair& p) {
         v1::IngestEventRequest r = Req(R"pb(date: "2020-01-01" headline: "x")pb");
         r.mutable_event()->set_summary(std::string(6 << 20, 'a'));
         return Ingest(p, r);
       },
       grpc::StatusCode::RESOURCE_EXHAUSTED, "larger than max"},
      {"oversize field", 
       [](DatelinePair& p) {
         v1::IngestEventRequest r = Req(R"pb(date: "2020-01-01")pb");
         r.mutable_event()->set_headline(std::string(10000, 'h'));
         return Ingest(p, r);
       },
       kInvalid, "event.headline: 10000 bytes exceeds"},
      {"request_id too long",
       [](DatelinePair& p) {
         v1::IngestEventRequest r = Req(R"pb(date: "2020-01-01" headline: "x")pb");
         r.set_request_id(std::string(200, 'r'));
         return Ingest(p, r);
       },
       kInvalid, "request_id"},
      {"unknown name",
       [](DatelinePair& p) { return GetEvent(p, "events/2017-07-30/no-such-event"); },
       grpc::StatusCode::NOT_FOUND, "name: no event named events/2017-07-30/no-such-event"},
      {"malformed name", [](DatelinePair& p) { return GetEvent(p, "events/yesterday/x"); },
       kInvalid, "name"},
      {"invalid UTF-8 name", [](DatelinePair& p) { return GetEvent(p, "events/\xFF/x"); },
       kInvalid, "name"},
      {"foreign consistency token",
       [](DatelinePair& p) { return GetEvent(p, "events/2017-07-30/seed-event", "abc"); },
       kInvalid, "consistency_token"},
      {"bad page token",
       [](DatelinePair& p) {
         return List(p, [](v1::ListEventsRequest* r) {
           r->set_date("2017-07-30");
           r->set_page_token("not-a-token");
         });
       },
       kInvalid, "page_token"},
      {"negative page_size",
       [](DatelinePair& p) {
         return List(p, [](v1::ListEventsRequest* r) {
           r->set_date("2017-07-30");
           r->set_page_size(-1);
         });
       },
       kInvalid, "page_size"},
      {"no date", [](DatelinePair& p) { return List(p, [](v1::ListEventsRequest*) {}); },
       kInvalid, "date: required"},
      {"range backwards",
       [](DatelinePair& p) {
         return List(p, [](v1::ListEventsRequest* r) {
           r->set_start_date("2017-07-30");
           r->set_end_date("2017-07-01");
         });
       },
       kInvalid, "end_date"},
      {"unknown revision",
       [](DatelinePair& p) {
         v1::GetEventRevisionRequest r;
         r.set_name("events/2017-07-30/seed-event/revisions/9");
         v1::EventRevision out;
         return p.query_stub()->GetEventRevision(Ctx().get(), r, &out);
       },
       grpc::StatusCode::NOT_FOUND, "name"},
      {"malformed page path",
       [](DatelinePair& p) {
         v1::ImportPageRequest r;
         r.set_path("news/2017/13/40/x.md");
         r.set_markdown("### [2017-07-30](/news/2017/07/30/index.md)\n");
         v1::IngestEventResponse out;
         return p.ingest_stub()->ImportPage(Ctx().get(), r, &out);
       },
       kInvalid, "path"},
  };
  for (const Case& c : cases) {
    grpc::Status st = c.call(pair_);
    EXPECT_EQ(st.error_code(), c.code) << c.what << ": " << st.error_message();
    EXPECT_THAT(st.error_message(), HasSubstr(c.field)) << c.what;
  }

  // Nothing was written: the store's sequence number has not moved.
  EXPECT_EQ(StoreSequenceToken(), before);
  // Both servers still serve.
  EXPECT_EQ(*pair_.ingest()->Health(), "SERVING");
  EXPECT_EQ(*pair_.query()->Health(), "SERVING");
  EXPECT_TRUE(GetEvent(pair_, "events/2017-07-30/seed-event", seed_token_).ok());
  v1::IngestEventResponse ok;
  EXPECT_TRUE(pair_.ingest_stub()
                  ->IngestEvent(Ctx().get(), Req(R"pb(date: "2020-01-01" headline: "fine")pb"), &ok)
                  .ok());
  EXPECT_EQ(ok.outcome(), v1::IngestEventResponse::CREATED);
}

TEST_F(BadInputTest, PageTokenFromOneQueryIsRejectedByAnother) {
  for (const char* text : {R"pb(date: "2017-07-31" headline: "A")pb",
                           R"pb(date: "2017-07-31" headline: "B")pb"}) {
    v1::IngestEventResponse r;
    ASSERT_TRUE(pair_.ingest_stub()->IngestEvent(Ctx().get(), Req(text), &r).ok());
    seed_token_ = r.consistency_token();
  }
  v1::ListEventsRequest req;
  req.set_date("2017-07-31");
  req.set_page_size(1);
  req.set_consistency_token(seed_token_);
  v1::ListEventsResponse resp;
  ASSERT_TRUE(pair_.query_stub()->ListEvents(Ctx().get(), req, &resp).ok());
  ASSERT_FALSE(resp.next_page_token().empty());
  req.set_page_token(resp.next_page_token());
  req.set_topic("Seed");  // other parameters
  grpc::Status st = pair_.query_stub()->ListEvents(Ctx().get(), req, &resp);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(st.error_message(), HasSubstr("page_token"));
  req.clear_topic();
  req.set_page_size(5);  // page_size may change between pages
  ASSERT_TRUE(pair_.query_stub()->ListEvents(Ctx().get(), req, &resp).ok());
  ASSERT_EQ(resp.events_size(), 1);
  EXPECT_EQ(resp.events(0).slug(), "b");
}

}  // namespace
}  // namespace dateline::testing
