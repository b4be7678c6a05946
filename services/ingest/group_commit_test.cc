// GroupCommitter without a transport: the stream is a pair of functions.
#include "services/ingest/group_commit.h"

#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "lib/store/testing/mem_store.h"

namespace dateline {
namespace {

v1::IngestEventRequest Request(const char* text) {
  v1::IngestEventRequest req;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, req.mutable_event()));
  return req;
}

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NE(mem_.kv, nullptr);
    ingestor_ = std::make_unique<Ingestor>(mem_.kv.get(), &clock_);
  }
  FakeClock clock_{absl::FromUnixSeconds(1700000000)};
  testing::MemStore mem_;
  std::unique_ptr<Ingestor> ingestor_;
};

TEST_F(GroupCommitTest, AnswersEveryRequestInOrderWithItsOwnErrors) {
  std::vector<v1::IngestEventRequest> in;
  for (int i = 0; i < 10; ++i) {
    in.push_back(Request(i == 4 ? R"pb(date: "2020-02-30" headline: "Bad date")pb"
                                : R"pb(date: "2020-01-01" headline: "Same")pb"));
  }
  size_t next = 0;
  std::vector<v1::IngestEventResponse> out;
  BulkStream stream{
      [&](v1::IngestEventRequest* r) {
        if (next == in.size()) return false;
        *r = in[next++];
        return true;
      },
      [&](const v1::IngestEventResponse& r) {
        out.push_back(r);
        return true;
      },
      [] { return false; },
      [] {},
  };
  // Groups of 3: the order and indexes must survive the grouping.
  GroupCommitter committer(ingestor_.get(), &Ingestor::Prepare, {4, 3});
  ASSERT_TRUE(committer.Run(stream).ok());
  ASSERT_EQ(out.size(), in.size());
  for (size_t i = 0; i < out.size(); ++i) {
    EXPECT_EQ(out[i].index(), static_cast<int64_t>(i));
    if (i == 4) {
      EXPECT_EQ(out[i].error().code(), static_cast<int>(absl::StatusCode::kInvalidArgument));
      EXPECT_THAT(out[i].error().message(), ::testing::HasSubstr("event.date"));
    } else {
      EXPECT_EQ(out[i].outcome(), i == 0 ? v1::IngestEventResponse::CREATED
                                         : v1::IngestEventResponse::UNCHANGED);
      EXPECT_FALSE(out[i].consistency_token().empty());
    }
  }
}

TEST_F(GroupCommitTest, ClientGoneIsCancelledAndUnblocksTheReader) {
  absl::Notification cancelled;
  int reads = 0;
  int writes = 0;
  BulkStream stream{
      [&](v1::IngestEventRequest* r) {
        if (reads++ == 0) {
          *r = Request(R"pb(date: "2020-01-01" headline: "One")pb");
          return true;
        }
        cancelled.WaitForNotification();  // a client that keeps the stream open
        return false;
      },
      [&](const v1::IngestEventResponse&) {
        ++writes;
        return false;  // the client went away
      },
      [] { return false; },
      [&] { cancelled.Notify(); },
  };
  GroupCommitter committer(ingestor_.get(), &Ingestor::Prepare);
  absl::Status st = committer.Run(stream);
  EXPECT_EQ(st.code(), absl::StatusCode::kCancelled);
  EXPECT_TRUE(cancelled.HasBeenNotified());
  EXPECT_EQ(writes, 1);
}

}  // namespace
}  // namespace dateline
