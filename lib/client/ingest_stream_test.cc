#include "lib/client/ingest_stream.h"

#include <gmock/gmock.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "lib/client/testing/fake_ingest_service.h"

namespace dateline::client {
namespace {

using ::dateline::client::testing::FakeIngestService;
using ::dateline::client::testing::InProcessServer;
using ::dateline::v1::IngestEventRequest;
using ::dateline::v1::IngestEventResponse;
using ::testing::HasSubstr;

// Requests with headlines "h0".."h{n-1}" and tags 100, 101, ...
NextRequestFn Numbered(int n) {
  auto i = std::make_shared<int>(0);
  return [i, n](IngestEventRequest* request, int64_t* tag) {
    if (*i >= n) return false;
    request->mutable_event()->set_headline(absl::StrCat("h", *i));
    *tag = 100 + *i;
    ++*i;
    return true;
  };
}

TEST(IngestStreamTest, EveryResponseInOrderWithItsTagWithinTheWindow) {
  FakeIngestService service;
  InProcessServer server(&service);
  auto stub = dateline::v1::IngestService::NewStub(server.channel());
  std::vector<int64_t> tags;
  grpc::ClientContext context;
  auto stats = RunIngestStream(
      stub.get(), &context, /*window=*/8, Numbered(1000),
      [&](int64_t tag, const IngestEventResponse& r) { tags.push_back(tag); });
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->sent, 1000);
  EXPECT_EQ(stats->received, 1000);
  EXPECT_GE(stats->max_in_flight, 1);
  EXPECT_LE(stats->max_in_flight, 8);
  ASSERT_EQ(tags.size(), 1000u);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(tags[i], 100 + i);
  EXPECT_EQ(service.headlines().size(), 1000u);
  EXPECT_EQ(service.headlines()[999], "h999");
}

TEST(IngestStreamTest, EmptyInputIsOk) {
  FakeIngestService service;
  InProcessServer server(&service);
  auto stub = dateline::v1::IngestService::NewStub(server.channel());
  grpc::ClientContext context;
  auto stats = RunIngestStream(stub.get(), &context, 4, Numbered(0),
                               [](int64_t, const IngestEventResponse&) {});
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->sent, 0);
}

TEST(IngestStreamTest, ServerFailureIsReturned) {
  FakeIngestService service;
  service.fail_after = 3;
  InProcessServer server(&service);
  auto stub = dateline::v1::IngestService::NewStub(server.channel());
  int64_t answered = 0;
  grpc::ClientContext context;
  auto stats =
      RunIngestStream(stub.get(), &context, 2, Numbered(50),
                      [&](int64_t, const IngestEventResponse&) { ++answered; });
  EXPECT_EQ(stats.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(stats.status().message(), HasSubstr("store closed"));
  EXPECT_LE(answered, 3);
}

TEST(IngestStreamTest, ServerClosingEarlyIsAProtocolError) {
  FakeIngestService service;
  service.close_after = 2;
  InProcessServer server(&service);
  auto stub = dateline::v1::IngestService::NewStub(server.channel());
  grpc::ClientContext context;
  auto stats = RunIngestStream(stub.get(), &context, 1, Numbered(5),
                               [](int64_t, const IngestEventResponse&) {});
  EXPECT_EQ(stats.status().code(), absl::StatusCode::kInternal);
}

TEST(IngestStreamTest, IndexOutOfOrderIsAProtocolError) {
  FakeIngestService service;
  service.index_offset = 1;
  InProcessServer server(&service);
  auto stub = dateline::v1::IngestService::NewStub(server.channel());
  grpc::ClientContext context;
  auto stats = RunIngestStream(stub.get(), &context, 4, Numbered(100),
                               [](int64_t, const IngestEventResponse&) {});
  EXPECT_EQ(stats.status().code(), absl::StatusCode::kInternal);
  EXPECT_THAT(stats.status().message(), HasSubstr("index 1, expected 0"));
}

TEST(IngestStreamTest, UnreachableServerIsUnavailable) {
  // Port 1 on loopback: nothing listens there in a test environment.
  auto stub = dateline::v1::IngestService::NewStub(
      grpc::CreateChannel("127.0.0.1:1", grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  auto stats = RunIngestStream(stub.get(), &context, 4, Numbered(10),
                               [](int64_t, const IngestEventResponse&) {});
  EXPECT_EQ(stats.status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace dateline::client
