// Corruption of the store's files (issue 11, case 2), over real processes: a damaged
// table file is found by `datelinectl check-store` and is never served as wrong data;
// a truncated MANIFEST stops the ingest at start naming the file; a torn write-ahead
// log tail is recovered to the last whole batch (point-in-time recovery).
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/dateline_pair.h"

namespace dateline::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

v1::IngestEventRequest MakeEvent(int i) {
  v1::IngestEventRequest req;
  absl::CivilDay day = absl::CivilDay(2022, 1, 1) + (i % 300);
  req.mutable_event()->set_date(absl::FormatCivilTime(day));
  req.mutable_event()->set_headline(absl::StrCat("Corruption test event number ", i,
                                                 " with a longer headline to fill blocks"));
  req.mutable_event()->add_topics(absl::StrCat("Topic ", i % 11));
  return req;
}

// Ingests `n` events one call each; returns name -> headline.
std::map<std::string, std::string> IngestEvents(DatelinePair* pair, int from, int n) {
  std::map<std::string, std::string> out;
  for (int i = from; i < from + n; ++i) {
    v1::IngestEventResponse resp;
    v1::IngestEventRequest req = MakeEvent(i);
    grpc::Status st = pair->ingest_stub()->IngestEvent(Ctx().get(), req, &resp);
    EXPECT_TRUE(st.ok()) << st.error_message();
    out[resp.name()] = req.event().headline();
  }
  return out;
}

void StopIngest(DatelinePair* pair) {
  pair->ingest()->Signal(SIGTERM);
  absl::StatusOr<int> rc = pair->ingest()->Wait();
  ASSERT_TRUE(rc.ok()) << rc.status();
  ASSERT_EQ(*rc, 0) << pair->ingest()->Log();
}

std::vector<fs::path> Files(const std::string& dir, const std::string& prefix_or_ext) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() == prefix_or_ext || name.rfind(prefix_or_ext, 0) == 0) {
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(CorruptionTest, DamagedTableFileIsReportedAndNeverServedAsWrongData) {
  DatelinePair pair;
  ASSERT_TRUE(pair.Start());
  const std::map<std::string, std::string> events = IngestEvents(&pair, 0, 1500);
  StopIngest(&pair);
  // Reopening recovers the write-ahead log into a table file.
  ASSERT_TRUE(pair.StartIngest());
  StopIngest(&pair);
  std::vector<fs::path> tables = Files(pair.db(), ".sst");
  ASSERT_FALSE(tables.empty());
  fs::path victim = *std::max_element(tables.begin(), tables.end(), [](auto& a, auto& b) {
    return fs::file_size(a) < fs::file_size(b);
  });
  {
    // A few bytes at eight places of the data part (the file's first half: the index
    // and filter blocks are at its end), so that some event rows (E/, the first key
    // family in the file) are hit.
    std::fstream f(victim, std::ios::in | std::ios::out | std::ios::binary);
    const uintmax_t size = fs::file_size(victim);
    for (int k = 1; k <= 8; ++k) {
      f.seekp(static_cast<std::streamoff>(size * k / 18));
      for (int i = 0; i < 4; ++i) f.put('\x55');
    }
  }
  ASSERT_TRUE(pair.StartIngest());
  ASSERT_TRUE(pair.StartQuery());

  std::string out;
  EXPECT_EQ(RunShell(absl::StrCat(DATELINE_CTL_BIN, " --ingest=", pair.ingest()->address(),
                                  " check-store 2>&1"),
                     &out),
            1);
  EXPECT_THAT(out, HasSubstr("DATA_LOSS"));
  EXPECT_THAT(out, HasSubstr(victim.filename().string()));

  // Every read is either the right event or DATA_LOSS; never another event's data.
  int lost = 0;
  for (const auto& [name, headline] : events) {
    v1::GetEventRequest req;
    req.set_name(name);
    v1::Event e;
    grpc::Status st = pair.query_stub()->GetEvent(Ctx().get(), req, &e);
    if (st.ok()) {
      EXPECT_EQ(e.headline(), headline) << name;
    } else {
      EXPECT_EQ(st.error_code(), grpc::StatusCode::DATA_LOSS) << name << ": " << st.error_message();
      ++lost;
    }
  }
  EXPECT_GT(lost, 0) << "the damaged block was never read";
  EXPECT_LT(lost, static_cast<int>(events.size()));
  EXPECT_EQ(*pair.query()->Health(), "SERVING");
}

TEST(CorruptionTest, TruncatedManifestStopsTheIngestNamingTheFile) {
  DatelinePair pair;
  ASSERT_TRUE(pair.Start());
  IngestEvents(&pair, 0, 50);
  StopIngest(&pair);
  std::vector<fs::path> manifests = Files(pair.db(), "MANIFEST-");
  ASSERT_EQ(manifests.size(), 1u);
  fs::resize_file(manifests[0], fs::file_size(manifests[0]) / 2);

  auto ingest = ServerProcess::Start(DATELINE_INGEST_BIN, {"--db=" + pair.db()}, pair.dir(),
                                     "ingest-after-truncation");
  ASSERT_TRUE(ingest.ok()) << ingest.status();
  absl::StatusOr<int> rc = (*ingest)->Wait();
  ASSERT_TRUE(rc.ok()) << rc.status();
  EXPECT_EQ(*rc, 1);
  EXPECT_THAT((*ingest)->Log(), HasSubstr("cannot open the store"));
  EXPECT_THAT((*ingest)->Log(), HasSubstr(manifests[0].filename().string()));
}

TEST(CorruptionTest, TornWalTailIsRecoveredToTheLastWholeBatch) {
  DatelinePair pair;
  ASSERT_TRUE(pair.Start());
  const std::map<std::string, std::string> before = IngestEvents(&pair, 0, 20);
  // The last batch: one event, acknowledged; its record's tail is then torn off, as a
  // crash in the middle of appending it would leave it (before any acknowledgement).
  const std::map<std::string, std::string> last = IngestEvents(&pair, 20, 1);
  pair.DropIngest();  // SIGKILL
  // A fresh query after the restart: the old one's memory already holds the events.
  pair.DropQuery();
  std::vector<fs::path> logs = Files(pair.db(), ".log");
  ASSERT_FALSE(logs.empty());
  const fs::path wal = logs.back();
  ASSERT_GT(fs::file_size(wal), 10u);
  fs::resize_file(wal, fs::file_size(wal) - 10);

  ASSERT_TRUE(pair.StartIngest()) << "point-in-time recovery starts past a torn tail";
  ASSERT_TRUE(pair.StartQuery());
  for (const auto& [name, headline] : before) {
    v1::GetEventRequest req;
    req.set_name(name);
    v1::Event e;
    grpc::Status st;
    for (int attempt = 0; attempt < 50; ++attempt) {
      st = pair.query_stub()->GetEvent(Ctx().get(), req, &e);
      if (st.ok()) break;
      absl::SleepFor(absl::Milliseconds(100));
    }
    ASSERT_TRUE(st.ok()) << name << ": " << st.error_message();
    EXPECT_EQ(e.headline(), headline);
  }
  v1::GetEventRequest req;
  req.set_name(last.begin()->first);
  v1::Event e;
  EXPECT_EQ(pair.query_stub()->GetEvent(Ctx().get(), req, &e).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // And it writes again.
  IngestEvents(&pair, 100, 1);
}

}  // namespace
}  // namespace dateline::testing
