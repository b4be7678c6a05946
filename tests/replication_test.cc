// Replication over real processes: one dateline-ingest, query replicas with their own
// copies (dateline-query --replicate_from), SIGKILLs, restarts, WAL purges, and
// WatchEvents.
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "dateline/replication/v1/replication.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "lib/common/testing/shared_data.h"
#include "lib/store/consistency_token.h"
#include "lib/store/rocks_kv_store.h"
#include "tests/dateline_pair.h"

namespace dateline::testing {
namespace {

using ::testing::HasSubstr;

v1::IngestEventRequest Event(const std::string& date, const std::string& headline,
                             const std::string& topic = "") {
  v1::IngestEventRequest req;
  req.mutable_event()->set_date(date);
  req.mutable_event()->set_headline(headline);
  if (!topic.empty()) req.mutable_event()->add_topics(topic);
  req.mutable_event()->add_sources()->set_name("Wire");
  return req;
}

// An ingest on a fixed port (so that it can restart where replicas look for it) and
// any number of replicas, each in its own directory under one TempDir.
class Cluster {
 public:
  explicit Cluster(std::vector<std::string> ingest_args = {})
      : ingest_args_(std::move(ingest_args)) {}

  ::testing::AssertionResult StartIngest() {
    std::vector<std::string> args = {absl::StrCat("--db=", dir_.path(), "/db"),
                                     "--drain_delay=0s"};
    if (port_ != 0) args.push_back(absl::StrCat("--listen=127.0.0.1:", port_));
    args.insert(args.end(), ingest_args_.begin(), ingest_args_.end());
    auto p = ServerProcess::Start(DATELINE_INGEST_BIN, args, dir_.path(), "ingest");
    if (!p.ok()) return ::testing::AssertionFailure() << p.status();
    ingest_ = *std::move(p);
    if (absl::Status st = ingest_->WaitServing(); !st.ok()) {
      return ::testing::AssertionFailure() << st << "\n" << ingest_->Log();
    }
    port_ = std::stoi(ingest_->address().substr(ingest_->address().rfind(':') + 1));
    ingest_stub_ = v1::IngestService::NewStub(ingest_->Channel());
    return ::testing::AssertionSuccess();
  }

  // Starts (or restarts) replica `name` on its directory; waits for SERVING unless
  // `wait` is false.
  ::testing::AssertionResult StartReplica(const std::string& name, bool wait = true) {
    std::vector<std::string> args = {
        absl::StrCat("--db=", ReplicaDir(name)),
        absl::StrCat("--replicate_from=127.0.0.1:", upstream_port_ != 0 ? upstream_port_ : port_),
        "--drain_delay=0s"};
    auto p = ServerProcess::Start(DATELINE_QUERY_BIN, args, dir_.path(), name);
    if (!p.ok()) return ::testing::AssertionFailure() << p.status();
    replicas_[name] = *std::move(p);
    stubs_[name] = v1::QueryService::NewStub(replicas_[name]->Channel());
    if (wait) {
      if (absl::Status st = replicas_[name]->WaitServing(absl::Seconds(60)); !st.ok()) {
        return ::testing::AssertionFailure() << st << "\n" << replicas_[name]->Log();
      }
    }
    return ::testing::AssertionSuccess();
  }

  std::string ReplicaDir(const std::string& name) const {
    return absl::StrCat(dir_.path(), "/", name);
  }
  std::string db() const { return dir_.path() + "/db"; }
  const std::string& dir() const { return dir_.path(); }
  ServerProcess* ingest() { return ingest_.get(); }
  ServerProcess* replica(const std::string& name) { return replicas_[name].get(); }
  v1::IngestService::Stub* ingest_stub() { return ingest_stub_.get(); }
  v1::QueryService::Stub* stub(const std::string& name) { return stubs_[name].get(); }
  void DropIngest() { ingest_.reset(); }
  // Replicas replicate from this port instead of the ingest's main one (0: that one).
  void set_upstream_port(int port) { upstream_port_ = port; }

  // Ingests one event; returns its consistency token (empty on failure).
  std::string Ingest(const v1::IngestEventRequest& req, v1::IngestEventResponse* out = nullptr) {
    v1::IngestEventResponse resp;
    grpc::Status st = ingest_stub_->IngestEvent(Ctx().get(), req, &resp);
    EXPECT_TRUE(st.ok()) << st.error_message();
    if (out != nullptr) *out = resp;
    return resp.consistency_token();
  }

 private:
  std::vector<std::string> ingest_args_;
  TempDir dir_;
  int port_ = 0;
  int upstream_port_ = 0;
  std::unique_ptr<ServerProcess> ingest_;
  std::map<std::string, std::unique_ptr<ServerProcess>> replicas_;
  std::map<std::string, std::unique_ptr<v1::QueryService::Stub>> stubs_;
  std::unique_ptr<v1::IngestService::Stub> ingest_stub_;
};

// GetEvent with a consistency token, on one query server.
grpc::Status GetWithToken(v1::QueryService::Stub* stub, const std::string& name,
                          const std::string& token, v1::Event* out, int seconds = 20) {
  v1::GetEventRequest req;
  req.set_name(name);
  req.set_consistency_token(token);
  return stub->GetEvent(Ctx(seconds).get(), req, out);
}

// Every row of a stopped store but the replica's own bookkeeping row.
std::map<std::string, std::string> Rows(const std::string& path) {
  std::map<std::string, std::string> rows;
  auto kv = RocksKvStore::OpenPrimary(path);
  EXPECT_TRUE(kv.ok()) << path << ": " << kv.status();
  if (!kv.ok()) return rows;
  EXPECT_TRUE((*kv)->Scan("", "", false, [&](absl::string_view k, absl::string_view v) {
                     if (k != "M/replicated") rows.emplace(k, v);
                     return true;
                   }).ok());
  return rows;
}

// The responses a replica and the reference give for the same reads, serialized.
std::vector<std::string> Reads(v1::QueryService::Stub* stub) {
  std::vector<std::string> out;
  auto add = [&](const grpc::Status& st, const google::protobuf::Message& m) {
    out.push_back(st.ok() ? m.SerializeAsString() : absl::StrCat("error ", st.error_code()));
  };
  std::vector<std::string> names;
  for (const char* day : {"2004-01-01", "2016-12-29", "2017-07-30", "2025-09-14", "2026-01-15"}) {
    v1::ListEventsRequest req;
    req.set_date(day);
    req.set_page_size(1000);
    v1::ListEventsResponse resp;
    add(stub->ListEvents(Ctx().get(), req, &resp), resp);
    for (const v1::Event& e : resp.events()) names.push_back(e.name());
  }
  v1::ListEventsRequest topic;
  topic.set_start_date("2016-01-01");
  topic.set_end_date("2026-12-31");
  topic.set_topic("Russia-United States relations");
  topic.set_page_size(1000);
  v1::ListEventsResponse topic_resp;
  add(stub->ListEvents(Ctx().get(), topic, &topic_resp), topic_resp);
  for (const std::string& name : names) {
    v1::GetEventRequest g;
    g.set_name(name);
    v1::Event e;
    add(stub->GetEvent(Ctx().get(), g, &e), e);
    v1::ListEventRevisionsRequest r;
    r.set_name(name);
    v1::ListEventRevisionsResponse revs;
    add(stub->ListEventRevisions(Ctx().get(), r, &revs), revs);
  }
  return out;
}

// Acceptance 1-3 and 5: the whole corpus imported while three replicas follow; one is
// SIGKILLed mid-import and restarted, one joins empty mid-import. All answer like the
// writer's own directory, and their stores equal the writer's key by key.
TEST(ReplicationTest, ReplicasFollowAWholeCorpusImportThroughKillsAndLateJoins) {
  const std::string corpus = std::string(DATELINE_SEEDS_DIR) + "/../corpus";
  DATELINE_REQUIRE_SHARED_DATA(corpus, "../shared/corpus");
  Cluster c;
  ASSERT_TRUE(c.StartIngest());
  ASSERT_TRUE(c.StartReplica("r1"));
  ASSERT_TRUE(c.StartReplica("r2"));

  const std::string import_log = c.dir() + "/import.log";
  const std::string cmd = absl::StrCat(
      DATELINE_CTL_BIN, " --ingest=", c.ingest()->address(), " import ", corpus,
      "/portal-2004-2026.jsonl ", corpus, "/revisions-2025-2026.jsonl > ", import_log, " 2>&1");
  int import_rc = -1;
  std::thread importer([&] { import_rc = std::system(cmd.c_str()); });

  // Mid-import: SIGKILL r2 and restart it on its directory; r3 joins with none.
  absl::SleepFor(absl::Seconds(3));
  c.replica("r2")->Signal(SIGKILL);
  ASSERT_TRUE(c.replica("r2")->Wait().ok());
  ASSERT_TRUE(c.StartReplica("r3", /*wait=*/false));
  absl::SleepFor(absl::Seconds(1));
  ASSERT_TRUE(c.StartReplica("r2", /*wait=*/false));
  importer.join();
  ASSERT_EQ(import_rc, 0) << cmd;

  // Read-your-writes on every replica: the last write's token.
  const std::string token = c.Ingest(Event("2026-12-01", "Replication marker event."));
  // (UNAVAILABLE while a replica is still catching up is retryable: retried here.)
  const absl::Time imported = absl::Now();
  for (const char* r : {"r1", "r2", "r3"}) {
    v1::Event e;
    grpc::Status st;
    for (absl::Time until = absl::Now() + absl::Seconds(180); absl::Now() < until;) {
      st = GetWithToken(c.stub(r), "events/2026-12-01/replication-marker-event", token, &e, 60);
      if (st.error_code() != grpc::StatusCode::UNAVAILABLE) break;
    }
    ASSERT_TRUE(st.ok()) << r << ": " << st.error_message() << "\n" << c.replica(r)->Log();
    std::printf("%s caught up %.1f s after the import ended\n", r,
                absl::ToDoubleSeconds(absl::Now() - imported));
  }
  EXPECT_THAT(c.replica("r3")->Log(), HasSubstr("bootstrapped from a snapshot"));

  // The same answers as the writer's own directory read as a secondary.
  auto reference = ServerProcess::Start(
      DATELINE_QUERY_BIN,
      {absl::StrCat("--db=", c.db()), absl::StrCat("--secondary_dir=", c.dir(), "/secondary"),
       "--drain_delay=0s"},
      c.dir(), "reference");
  ASSERT_TRUE(reference.ok()) << reference.status();
  ASSERT_TRUE((*reference)->WaitServing().ok());
  auto ref_stub = v1::QueryService::NewStub((*reference)->Channel());
  v1::Event marker;
  ASSERT_TRUE(GetWithToken(ref_stub.get(), "events/2026-12-01/replication-marker-event", token,
                           &marker).ok());
  const std::vector<std::string> expected = Reads(ref_stub.get());
  ASSERT_GT(expected.size(), 100u);
  for (const char* r : {"r1", "r2", "r3"}) {
    EXPECT_TRUE(Reads(c.stub(r)) == expected) << r << " answers differently";
  }

  // Stopped, every copy holds exactly the writer's rows.
  reference->reset();
  for (const char* r : {"r1", "r2", "r3"}) {
    c.replica(r)->Signal(SIGTERM);
    ASSERT_TRUE(c.replica(r)->Wait().ok());
  }
  c.ingest()->Signal(SIGTERM);
  ASSERT_TRUE(c.ingest()->Wait().ok());
  const auto writer_rows = Rows(c.db());
  ASSERT_GT(writer_rows.size(), 400000u);
  for (const char* r : {"r1", "r2", "r3"}) {
    const auto rows = Rows(c.ReplicaDir(r) + "/current");
    EXPECT_EQ(rows.size(), writer_rows.size()) << r;
    EXPECT_TRUE(rows == writer_rows) << r << " differs from the writer's store";
  }
}

// Acceptance 4: the ingest restarts (SIGTERM, then SIGKILL); replicas keep serving
// reads meanwhile and reconnect by themselves.
TEST(ReplicationTest, ReplicasServeThroughIngestRestartsAndReconnect) {
  Cluster c;
  ASSERT_TRUE(c.StartIngest());
  ASSERT_TRUE(c.StartReplica("r1"));
  std::string token = c.Ingest(Event("2021-03-01", "Before the restarts."));
  v1::Event e;
  ASSERT_TRUE(GetWithToken(c.stub("r1"), "events/2021-03-01/before-the-restarts", token, &e).ok());
  int n = 0;
  for (int sig : {SIGTERM, SIGKILL}) {
    c.ingest()->Signal(sig);
    ASSERT_TRUE(c.ingest()->Wait().ok());
    c.DropIngest();
    // The writer is gone: reads are still answered from the copy.
    v1::GetEventRequest get;
    get.set_name("events/2021-03-01/before-the-restarts");
    ASSERT_TRUE(c.stub("r1")->GetEvent(Ctx().get(), get, &e).ok());
    ASSERT_TRUE(c.StartIngest());
    const std::string headline = absl::StrCat("After restart number ", ++n, ".");
    token = c.Ingest(Event("2021-03-02", headline));
    // UNAVAILABLE is retryable: a client retries until the replica has reconnected.
    grpc::Status st;
    for (absl::Time until = absl::Now() + absl::Seconds(30); absl::Now() < until;) {
      st = GetWithToken(c.stub("r1"), absl::StrCat("events/2021-03-02/after-restart-number-", n),
                        token, &e);
      if (st.error_code() != grpc::StatusCode::UNAVAILABLE) break;
    }
    ASSERT_TRUE(st.ok()) << st.error_message() << "\n" << c.replica("r1")->Log();
  }
}

// Acceptance 3 (second half) and 5 (second half): a replica whose position was purged
// from the writer's WAL re-bootstraps by itself; a token it has not reached times out
// UNAVAILABLE naming the wait.
TEST(ReplicationTest, ReplicaBehindThePurgedWalBootstrapsAgain) {
  // WAL files are archived at each flush (a snapshot flushes) and purged once older
  // than a second; no in-memory tail, so what is purged is gone.
  Cluster c({"--wal_ttl=1s", "--wal_size_limit_mb=0", "--replication_tail_mb=0"});
  ASSERT_TRUE(c.StartIngest());
  ASSERT_TRUE(c.StartReplica("a"));
  std::string token = c.Ingest(Event("2022-05-01", "First write."));
  v1::Event e;
  ASSERT_TRUE(GetWithToken(c.stub("a"), "events/2022-05-01/first-write", token, &e).ok());

  // A token beyond anything written: UNAVAILABLE at the deadline, naming the wait.
  absl::StatusOr<uint64_t> seq = DecodeConsistencyToken(token, "t");
  ASSERT_TRUE(seq.ok());
  grpc::Status late = GetWithToken(c.stub("a"), "events/2022-05-01/first-write",
                                   EncodeConsistencyToken(*seq + 1000), &e, 10);
  EXPECT_EQ(late.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(late.error_message(), HasSubstr("consistency_token"));

  c.replica("a")->Signal(SIGTERM);
  ASSERT_TRUE(c.replica("a")->Wait().ok());
  c.Ingest(Event("2022-05-02", "Second write."));
  ASSERT_TRUE(c.StartReplica("b"));  // snapshot: flush, the WAL "a" needs is archived
  absl::SleepFor(absl::Milliseconds(2500));
  c.Ingest(Event("2022-05-03", "Third write."));
  ASSERT_TRUE(c.StartReplica("c"));  // another flush: the archived WAL is purged
  token = c.Ingest(Event("2022-05-04", "Fourth write."));

  ASSERT_TRUE(c.StartReplica("a"));
  ASSERT_TRUE(GetWithToken(c.stub("a"), "events/2022-05-04/fourth-write", token, &e).ok())
      << c.replica("a")->Log();
  EXPECT_THAT(c.replica("a")->Log(), HasSubstr("no longer in the write-ahead log"));
  v1::GetEventRequest get;
  get.set_name("events/2022-05-02/second-write");
  EXPECT_TRUE(c.stub("a")->GetEvent(Ctx().get(), get, &e).ok());
}

// Acceptance 7: nonsense on the replication API gets a clear code and writes nothing.
TEST(ReplicationTest, BadReplicationRequestsAreRefused) {
  Cluster c;
  ASSERT_TRUE(c.StartIngest());
  const std::string before = c.Ingest(Event("2020-02-02", "Seed."));
  auto stub = replication::v1::ReplicationService::NewStub(c.ingest()->Channel());
  for (uint64_t start : {uint64_t{0}, uint64_t{1} << 40}) {
    replication::v1::StreamUpdatesRequest req;
    req.set_start_sequence(start);
    auto ctx = Ctx(5);
    auto reader = stub->StreamUpdates(ctx.get(), req);
    replication::v1::UpdateBatch msg;
    EXPECT_FALSE(reader->Read(&msg));
    grpc::Status st = reader->Finish();
    EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << start;
    EXPECT_THAT(st.error_message(), HasSubstr("start_sequence"));
  }
  // Nothing moved: re-ingesting the seed is UNCHANGED with the same token.
  EXPECT_EQ(c.Ingest(Event("2020-02-02", "Seed.")), before);
}


// --replication_listen: replication on a port of its own (what a NetworkPolicy opens
// to replicas alone), and only there; writes only on the main port. Both ports
// answer health, liveness and reflection; a replica follows through the replication
// port.
TEST(ReplicationTest, ReplicationPortOfItsOwn) {
  TempDir ports;
  const std::string port_file = ports.path() + "/repl.port";
  Cluster c({"--replication_listen=127.0.0.1:0", "--replication_port_file=" + port_file});
  ASSERT_TRUE(c.StartIngest());
  const int repl_port = ReadPortFile(port_file);
  ASSERT_NE(repl_port, 0) << c.ingest()->Log();
  auto repl_channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", repl_port),
                                          grpc::InsecureChannelCredentials());

  // The main port no longer serves replication...
  {
    auto stub = replication::v1::ReplicationService::NewStub(c.ingest()->Channel());
    replication::v1::StreamUpdatesRequest req;
    req.set_start_sequence(1);
    auto ctx = Ctx(5);
    auto reader = stub->StreamUpdates(ctx.get(), req);
    replication::v1::UpdateBatch msg;
    EXPECT_FALSE(reader->Read(&msg));
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNIMPLEMENTED);
  }
  // ...and the replication port serves nothing else.
  {
    auto stub = v1::IngestService::NewStub(repl_channel);
    v1::IngestEventResponse resp;
    grpc::Status st = stub->IngestEvent(Ctx().get(), Event("2021-03-04", "Not here."), &resp);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  }
  // Health on both ports, overall and liveness.
  for (const std::string& service : {std::string(), std::string("liveness")}) {
    auto health = grpc::health::v1::Health::NewStub(repl_channel);
    grpc::health::v1::HealthCheckRequest req;
    req.set_service(service);
    grpc::health::v1::HealthCheckResponse resp;
    ASSERT_TRUE(health->Check(Ctx().get(), req, &resp).ok()) << service;
    EXPECT_EQ(resp.status(), grpc::health::v1::HealthCheckResponse::SERVING) << service;
    EXPECT_EQ(c.ingest()->Health(service).value_or("error"), "SERVING");
  }

  c.set_upstream_port(repl_port);
  ASSERT_TRUE(c.StartReplica("r1"));
  v1::IngestEventResponse ingested;
  const std::string token = c.Ingest(Event("2021-03-04", "Through the replication port."), &ingested);
  v1::Event e;
  grpc::Status st = GetWithToken(c.stub("r1"), ingested.name(), token, &e);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(e.headline(), "Through the replication port.");
}

// A replica that has not caught up (here: its ingest is not there at all) is
// NOT_SERVING overall, for readiness, and SERVING on "liveness", so that Kubernetes
// takes it out of rotation without restarting it.
TEST(ReplicationTest, LivenessStaysServingWhileNotCaughtUp) {
  TempDir dir;
  auto p = ServerProcess::Start(
      DATELINE_QUERY_BIN,
      {absl::StrCat("--db=", dir.path(), "/copy"), "--replicate_from=127.0.0.1:1",
       "--drain_delay=0s"},
      dir.path(), "replica");
  ASSERT_TRUE(p.ok()) << p.status();
  absl::SleepFor(absl::Seconds(1));  // the health poller has run at least once
  EXPECT_EQ((*p)->Health("").value_or("error"), "NOT_SERVING") << (*p)->Log();
  EXPECT_EQ((*p)->Health("liveness").value_or("error"), "SERVING") << (*p)->Log();
  (*p)->Signal(SIGTERM);
  EXPECT_EQ((*p)->Wait().value_or(-1), 0) << (*p)->Log();
}

// Reads changes from a watch until `n` arrived or `deadline`.
std::vector<v1::EventChange> Watch(v1::QueryService::Stub* stub, const v1::WatchEventsRequest& req,
                                   size_t n, absl::Duration timeout,
                                   grpc::Status* status = nullptr) {
  grpc::ClientContext ctx;
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  auto reader = stub->WatchEvents(&ctx, req);
  std::vector<v1::EventChange> out;
  v1::EventChange change;
  while (out.size() < n && reader->Read(&change)) out.push_back(change);
  if (out.size() >= n) ctx.TryCancel();  // done reading: end the stream
  grpc::Status st = reader->Finish();
  if (status != nullptr) *status = st;
  return out;
}

// Acceptance 6: WatchEvents sees a burst in commit order, resumes without repeats,
// reports renames, filters by topic, and refuses garbage tokens.
TEST(ReplicationTest, WatchEventsFollowsChangesInCommitOrder) {
  Cluster c;
  ASSERT_TRUE(c.StartIngest());
  ASSERT_TRUE(c.StartReplica("r1"));
  constexpr int kBurst = 1000;
  std::vector<v1::EventChange> seen;
  std::thread watcher([&] {
    seen = Watch(c.stub("r1"), v1::WatchEventsRequest(), kBurst, absl::Seconds(120));
  });
  absl::SleepFor(absl::Milliseconds(300));  // the watch starts "from now"
  std::vector<std::string> names;
  for (int i = 0; i < kBurst; ++i) {
    v1::IngestEventResponse resp;
    c.Ingest(Event("2023-04-05", absl::StrCat("Burst event ", i, "."),
                   absl::StrCat("Topic ", i % 4)),
             &resp);
    names.push_back(resp.name());
  }
  watcher.join();
  ASSERT_EQ(seen.size(), static_cast<size_t>(kBurst));
  for (int i = 0; i < kBurst; ++i) {
    EXPECT_EQ(seen[i].event().name(), names[i]) << i;
    EXPECT_EQ(seen[i].kind(), v1::EventChange::CREATED);
  }

  // Resume in the middle: exactly the rest, nothing twice.
  v1::WatchEventsRequest resume;
  resume.set_resume_token(seen[499].resume_token());
  auto rest = Watch(c.stub("r1"), resume, kBurst, absl::Seconds(3));
  ASSERT_EQ(rest.size(), static_cast<size_t>(kBurst - 500));
  EXPECT_EQ(rest.front().event().name(), names[500]);
  EXPECT_EQ(rest.back().event().name(), names.back());

  // The topic filter, from the same point.
  resume.set_topic("topic 3");
  auto topical = Watch(c.stub("r1"), resume, kBurst, absl::Seconds(3));
  EXPECT_EQ(topical.size(), 125u);
  for (const auto& ch : topical) EXPECT_THAT(ch.event().topics(), ::testing::Contains("Topic 3"));

  // A rename shows the old and the new name.
  v1::WatchEventsRequest after_burst;
  after_burst.set_resume_token(seen.back().resume_token());
  v1::IngestEventRequest rename = Event("2023-04-05", "Burst event zero, renamed.", "Topic 0");
  rename.mutable_event()->set_revises(names[0]);
  v1::IngestEventResponse renamed;
  c.Ingest(rename, &renamed);
  auto changes = Watch(c.stub("r1"), after_burst, 1, absl::Seconds(10));
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind(), v1::EventChange::RENAMED);
  EXPECT_EQ(changes[0].old_name(), names[0]);
  EXPECT_EQ(changes[0].event().name(), renamed.name());
  EXPECT_EQ(changes[0].event().revision(), 2);

  // Garbage tokens and topics: INVALID_ARGUMENT naming the field.
  v1::WatchEventsRequest bad;
  bad.set_resume_token("not a token");
  grpc::Status st;
  Watch(c.stub("r1"), bad, 1, absl::Seconds(5), &st);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(st.error_message(), HasSubstr("resume_token"));
}

}  // namespace
}  // namespace dateline::testing
