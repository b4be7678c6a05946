// Disk full (issue 11, case 1), over real processes: the ingest's store on a small
// tmpfs of its own (mounted by the test; needs root, as CI runs). Writes fail with
// RESOURCE_EXHAUSTED naming the disk and then stay refused, the write service's health
// says NOT_SERVING, reads go on; once space is back and the ingest restarted, writes
// succeed and every event acknowledged before the fault is there, the store intact.
#include <signal.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/dateline_pair.h"
#include "tests/server_process.h"

namespace dateline::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

v1::IngestEventRequest MakeEvent(int i) {
  v1::IngestEventRequest req;
  absl::CivilDay day = absl::CivilDay(2024, 1, 1) + (i % 366);
  req.mutable_event()->set_date(absl::FormatCivilTime(day));
  req.mutable_event()->set_headline(absl::StrCat("Disk full test event number ", i));
  req.mutable_event()->set_summary(std::string(1500, 'a' + i % 26));  // fills the disk sooner
  return req;
}

std::string ServiceHealth(const ServerProcess& p, const std::string& service) {
  absl::StatusOr<std::string> h = p.Health(service);
  return h.ok() ? *h : h.status().ToString();
}

class DiskFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    mnt_ = dir_.path() + "/mnt";
    fs::create_directories(mnt_);
    if (::mount("tmpfs", mnt_.c_str(), "tmpfs", 0, "size=24m") != 0) {
      GTEST_SKIP() << "cannot mount a tmpfs (" << std::strerror(errno)
                   << "): this test needs root, as CI has";
    }
    mounted_ = true;
  }
  void TearDown() override {
    if (mounted_) ::umount2(mnt_.c_str(), MNT_DETACH);
  }
  TempDir dir_;
  std::string mnt_;
  bool mounted_ = false;
};

TEST_F(DiskFullTest, WritesFailWithResourceExhaustedReadsGoOnAndNothingAcknowledgedIsLost) {
  const std::string db = mnt_ + "/db";
  const std::string filler = mnt_ + "/filler";
  {  // Space to give back later.
    std::ofstream f(filler, std::ios::binary);
    std::string mib(1 << 20, 'x');
    for (int i = 0; i < 8; ++i) f << mib;
    ASSERT_TRUE(f.good());
  }
  auto start_ingest = [&](const std::string& name) {
    auto p = ServerProcess::Start(DATELINE_INGEST_BIN, {"--db=" + db}, dir_.path(), name);
    EXPECT_TRUE(p.ok()) << p.status();
    if (p.ok()) EXPECT_TRUE((*p)->WaitServing().ok()) << (*p)->Log();
    return p.ok() ? *std::move(p) : nullptr;
  };
  std::unique_ptr<ServerProcess> ingest = start_ingest("ingest");
  ASSERT_NE(ingest, nullptr);
  auto query = ServerProcess::Start(
      DATELINE_QUERY_BIN, {"--db=" + db, "--secondary_dir=" + dir_.path() + "/secondary"},
      dir_.path(), "query");
  ASSERT_TRUE(query.ok()) << query.status();
  ASSERT_TRUE((*query)->WaitServing().ok());
  auto ingest_stub = v1::IngestService::NewStub(ingest->Channel());
  auto query_stub = v1::QueryService::NewStub((*query)->Channel());
  EXPECT_EQ(ServiceHealth(*ingest, "dateline.v1.IngestService"), "SERVING");

  // Write until the disk is full.
  std::vector<std::string> acked;
  grpc::Status failed;
  for (int i = 0; i < 40000; ++i) {
    v1::IngestEventResponse resp;
    grpc::Status st = ingest_stub->IngestEvent(Ctx().get(), MakeEvent(i), &resp);
    if (!st.ok()) {
      failed = st;
      break;
    }
    acked.push_back(resp.name());
  }
  ASSERT_FALSE(failed.ok()) << "the disk never filled";
  ASSERT_GT(acked.size(), 100u);
  EXPECT_EQ(failed.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << failed.error_message() << ingest->Log().substr(ingest->Log().size() > 3000 ? ingest->Log().size() - 3000 : 0);
  EXPECT_THAT(failed.error_message(), HasSubstr("disk full"));
  EXPECT_THAT(failed.error_message(), HasSubstr(db));  // names the file, so the disk

  // Writes stay refused (without touching RocksDB again), health says so, the
  // process serves on.
  v1::IngestEventResponse resp;
  grpc::Status again = ingest_stub->IngestEvent(Ctx().get(), MakeEvent(999999), &resp);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << again.error_message();
  std::string write_health;
  for (absl::Time end = absl::Now() + absl::Seconds(10); absl::Now() < end;) {
    write_health = ServiceHealth(*ingest, "dateline.v1.IngestService");
    if (write_health == "NOT_SERVING") break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(write_health, "NOT_SERVING");
  EXPECT_EQ(ServiceHealth(*ingest, ""), "SERVING");
  EXPECT_EQ(ServiceHealth(*ingest, "liveness"), "SERVING");

  // Reads go on: every acknowledged event, through the query.
  auto read_all = [&](const char* when) {
    for (const std::string& name : acked) {
      v1::GetEventRequest get;
      get.set_name(name);
      v1::Event e;
      grpc::Status st;
      for (int attempt = 0; attempt < 50; ++attempt) {
        st = query_stub->GetEvent(Ctx().get(), get, &e);
        if (st.ok()) break;
        absl::SleepFor(absl::Milliseconds(100));
      }
      ASSERT_TRUE(st.ok()) << when << ": " << name << ": " << st.error_message();
    }
  };
  read_all("disk full");

  // Space back, ingest restarted: writes succeed, nothing acknowledged is lost.
  fs::remove(filler);
  ingest->Signal(SIGTERM);
  absl::StatusOr<int> rc = ingest->Wait();
  ASSERT_TRUE(rc.ok()) << rc.status();
  EXPECT_EQ(*rc, 0) << ingest->Log();
  ingest = start_ingest("ingest-again");
  ASSERT_NE(ingest, nullptr);
  // A fresh query: the old one's memory held the events whatever the restart did.
  (*query)->Signal(SIGKILL);
  ASSERT_TRUE((*query)->Wait().ok());
  query = ServerProcess::Start(
      DATELINE_QUERY_BIN, {"--db=" + db, "--secondary_dir=" + dir_.path() + "/secondary2"},
      dir_.path(), "query-again");
  ASSERT_TRUE(query.ok()) << query.status();
  ASSERT_TRUE((*query)->WaitServing().ok());
  query_stub = v1::QueryService::NewStub((*query)->Channel());
  ingest_stub = v1::IngestService::NewStub(ingest->Channel());
  grpc::Status st = ingest_stub->IngestEvent(Ctx().get(), MakeEvent(500000), &resp);
  EXPECT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(ServiceHealth(*ingest, "dateline.v1.IngestService"), "SERVING");
  read_all("after restart");
  std::string out;
  EXPECT_EQ(RunShell(absl::StrCat(DATELINE_CTL_BIN, " --ingest=", ingest->address(),
                                  " check-store 2>&1"),
                     &out),
            0)
      << out;
  std::cout << acked.size() << " events acknowledged before the disk filled; first refusal: "
            << failed.error_message() << "\n";
}

}  // namespace
}  // namespace dateline::testing
