#include "tools/datelinectl/query_commands.h"

#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "lib/client/testing/fake_ingest_service.h"

namespace dateline::ctl {
namespace {

using ::dateline::client::testing::InProcessServer;
using ::testing::HasSubstr;
using namespace ::dateline::v1;  // NOLINT: test messages

constexpr char kName[] = "events/2017-07-30/putin-expels-755-u-s-diplomats";

// Knows one event. ListEvents serves events e0..e4 of 2017-07-30 in pages of
// two.
class FakeQueryService final : public QueryService::Service {
 public:
  grpc::Status GetEvent(grpc::ServerContext*, const GetEventRequest* request,
                        Event* event) override {
    Record(*request);
    if (request->name() != kName) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND,
                          absl::StrCat("no event named ", request->name()));
    }
    event->set_name(kName);
    event->set_headline("Putin expels 755 U.S. diplomats.");
    event->add_topics("Russia–United States relations");
    return grpc::Status::OK;
  }

  grpc::Status ListEvents(grpc::ServerContext*,
                          const ListEventsRequest* request,
                          ListEventsResponse* response) override {
    Record(*request);
    if (request->date() != "2017-07-30") {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "date: not a day");
    }
    int start = 0;
    if (request->has_page_token()) {
      if (request->page_token().rfind("p", 0) != 0) {
        return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                            "page_token: bad");
      }
      start = std::stoi(request->page_token().substr(1));
    }
    for (int i = start; i < std::min(start + 2, 5); ++i) {
      response->add_events()->set_name(absl::StrCat("events/2017-07-30/e", i));
    }
    if (start + 2 < 5)
      response->set_next_page_token(absl::StrCat("p", start + 2));
    return grpc::Status::OK;
  }

  grpc::Status RenderEventPage(grpc::ServerContext*,
                               const RenderEventPageRequest* request,
                               RenderEventPageResponse* response) override {
    Record(*request);
    response->set_path("news/2017/07/30/x.md");
    response->set_markdown(
        "### [2017-07-30](/news/2017/07/30/index.md)\n\n# Putin \n");
    return grpc::Status::OK;
  }

  std::vector<std::string> requests() {
    absl::MutexLock lock(&mu_);
    return requests_;
  }

 private:
  void Record(const google::protobuf::Message& m) {
    absl::MutexLock lock(&mu_);
    requests_.push_back(m.ShortDebugString());
  }
  absl::Mutex mu_;
  std::vector<std::string> requests_ ABSL_GUARDED_BY(mu_);
};

class QueryCommandsTest : public ::testing::Test {
 protected:
  QueryCommandsTest()
      : server_(&service_), stub_(QueryService::NewStub(server_.channel())) {}

  template <typename M>
  M Parse(const std::string& json) {
    M message;
    auto status = google::protobuf::util::JsonStringToMessage(json, &message);
    EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << json;
    return message;
  }

  FakeQueryService service_;
  InProcessServer server_;
  std::unique_ptr<QueryService::Stub> stub_;
  QueryOptions options_;
  std::ostringstream out_, err_;
};

TEST_F(QueryCommandsTest, GetPrintsIndentedJson) {
  ASSERT_TRUE(GetEvent(stub_.get(), kName, options_, out_, err_).ok());
  EXPECT_EQ(err_.str(), "");
  EXPECT_THAT(out_.str(),
              HasSubstr(absl::StrCat("\n \"name\": \"", kName, "\"")));
  Event event = Parse<Event>(out_.str());
  EXPECT_EQ(event.topics(0), "Russia–United States relations");
}

TEST_F(QueryCommandsTest, ErrorsGoToStderrAsCodeAndMessage) {
  absl::Status status =
      GetEvent(stub_.get(), "events/2017-07-30/nope", options_, out_, err_);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(out_.str(), "");
  EXPECT_EQ(err_.str(), "NOT_FOUND: no event named events/2017-07-30/nope\n");
}

TEST_F(QueryCommandsTest, ConsistencyTokenIsSent) {
  options_.consistency_token = "tok42";
  ASSERT_TRUE(GetEvent(stub_.get(), kName, options_, out_, err_).ok());
  ASSERT_EQ(service_.requests().size(), 1u);
  EXPECT_THAT(service_.requests()[0],
              HasSubstr("consistency_token: \"tok42\""));
}

TEST_F(QueryCommandsTest, ListPrintsOnePageWithItsToken) {
  ListOptions list;
  list.date = "2017-07-30";
  ASSERT_TRUE(ListEvents(stub_.get(), list, options_, out_, err_).ok());
  auto page = Parse<ListEventsResponse>(out_.str());
  EXPECT_EQ(page.events_size(), 2);
  EXPECT_EQ(page.next_page_token(), "p2");
}

TEST_F(QueryCommandsTest, ListAllFollowsTokensToTheEnd) {
  ListOptions list;
  list.date = "2017-07-30";
  list.all = true;
  ASSERT_TRUE(ListEvents(stub_.get(), list, options_, out_, err_).ok());
  auto all = Parse<ListEventsResponse>(out_.str());
  ASSERT_EQ(all.events_size(), 5);
  EXPECT_EQ(all.events(4).name(), "events/2017-07-30/e4");
  EXPECT_FALSE(all.has_next_page_token());
  EXPECT_EQ(service_.requests().size(), 3u);
}

TEST_F(QueryCommandsTest, ListNeedsADayOrARange) {
  struct Case {
    std::string date, start, end;
    bool ok;
  };
  const Case cases[] = {
      {"2017-07-30", "", "", true},
      {"", "2017-01-01", "2017-12-31", true},
      {"", "", "", false},
      {"", "2017-01-01", "", false},
      {"", "", "2017-12-31", false},
      {"2017-07-30", "2017-01-01", "2017-12-31", false},
  };
  for (const Case& c : cases) {
    ListOptions list;
    list.date = c.date;
    list.start_date = c.start;
    list.end_date = c.end;
    SCOPED_TRACE(absl::StrCat(c.date, "|", c.start, "|", c.end));
    EXPECT_EQ(ValidateListOptions(list).ok(), c.ok);
  }
  ListOptions none;
  EXPECT_EQ(ListEvents(stub_.get(), none, options_, out_, err_).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(service_.requests().empty());  // not sent
  EXPECT_THAT(err_.str(), HasSubstr("INVALID_ARGUMENT: list needs --date"));
}

TEST_F(QueryCommandsTest, ServerRejectionOfListIsReported) {
  ListOptions list;
  list.date = "2017-02-30";
  EXPECT_EQ(ListEvents(stub_.get(), list, options_, out_, err_).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(err_.str(), "INVALID_ARGUMENT: date: not a day\n");
}

TEST_F(QueryCommandsTest, PagePrintsMarkdownByteForByte) {
  ASSERT_TRUE(RenderEventPage(stub_.get(), kName, options_, out_, err_).ok());
  EXPECT_EQ(out_.str(),
            "### [2017-07-30](/news/2017/07/30/index.md)\n\n# Putin \n");
}

TEST_F(QueryCommandsTest, UnimplementedMethodIsReported) {
  EXPECT_EQ(
      ListEventRevisions(stub_.get(), kName, 0, false, options_, out_, err_)
          .code(),
      absl::StatusCode::kUnimplemented);
  EXPECT_THAT(err_.str(), HasSubstr("UNIMPLEMENTED: "));
}

}  // namespace
}  // namespace dateline::ctl
