// Acknowledged means durable: SIGKILL the ingest in the middle of a bulk stream,
// restart it, and read every acknowledged event back through the query service.
#include <signal.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "tests/dateline_pair.h"

namespace dateline::testing {
namespace {

constexpr int kEvents = 40000;      // more than can be acknowledged before the kill
constexpr int kKillAfterAcks = 3000;

v1::IngestEventRequest MakeEvent(int i) {
  v1::IngestEventRequest req;
  absl::CivilDay day = absl::CivilDay(2021, 1, 1) + (i % 365);
  req.mutable_event()->set_date(absl::FormatCivilTime(day));
  req.mutable_event()->set_headline(absl::StrCat("Crash test event number ", i, " happens."));
  req.mutable_event()->add_topics(absl::StrCat("Topic ", i % 7));
  req.mutable_event()->add_sources()->set_name("Wire");
  return req;
}

TEST(CrashTest, AcknowledgedEventsSurviveSigkillDuringABulkStream) {
  DatelinePair pair;
  ASSERT_TRUE(pair.Start());

  absl::Mutex mu;
  std::vector<std::string> acked;  // names of events acknowledged without error
  grpc::ClientContext ctx;
  auto stream = pair.ingest_stub()->IngestEvents(&ctx);
  std::thread writer([&] {
    for (int i = 0; i < kEvents; ++i) {
      if (!stream->Write(MakeEvent(i))) return;  // the server died
    }
    stream->WritesDone();
  });
  std::thread reader([&] {
    v1::IngestEventResponse resp;
    while (stream->Read(&resp)) {
      if (resp.has_error()) continue;
      absl::MutexLock lock(&mu);
      acked.push_back(resp.name());
    }
  });

  {
    absl::MutexLock lock(&mu);
    auto enough = [&] { return acked.size() >= static_cast<size_t>(kKillAfterAcks); };
    ASSERT_TRUE(mu.AwaitWithTimeout(absl::Condition(&enough), absl::Seconds(60)))
        << "only " << acked.size() << " acknowledged";
  }
  pair.ingest()->Signal(SIGKILL);
  auto code = pair.ingest()->Wait(absl::Seconds(10));
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(*code, 128 + SIGKILL);
  reader.join();
  ctx.TryCancel();
  writer.join();
  stream->Finish();

  std::vector<std::string> names;
  {
    absl::MutexLock lock(&mu);
    names = acked;
  }
  ASSERT_GE(names.size(), static_cast<size_t>(kKillAfterAcks));
  ASSERT_LT(names.size(), static_cast<size_t>(kEvents)) << "the kill came too late to test";

  // Restart the writer on the same store; the query process keeps running throughout.
  ASSERT_TRUE(pair.StartIngest());
  v1::IngestEventResponse probe;
  ASSERT_TRUE(pair.ingest_stub()->IngestEvent(Ctx().get(), MakeEvent(kEvents + 1), &probe).ok());

  int missing = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    v1::GetEventRequest req;
    req.set_name(names[i]);
    if (i == 0) req.set_consistency_token(probe.consistency_token());
    v1::Event e;
    grpc::Status st = pair.query_stub()->GetEvent(Ctx().get(), req, &e);
    if (!st.ok()) {
      if (++missing <= 5) ADD_FAILURE() << names[i] << ": " << st.error_message();
    }
  }
  EXPECT_EQ(missing, 0) << "of " << names.size() << " acknowledged events";
  std::printf("acknowledged before SIGKILL: %zu of %d sent; all readable after restart\n",
              names.size(), kEvents);
}

}  // namespace
}  // namespace dateline::testing
