// Metrics over real servers: both started with --metrics_listen, a known workload, then
// a scrape of each /metrics whose counters must have moved by exactly that workload,
// and the exposition validated by Debian's `promtool check metrics`.
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "grpcpp/generic/generic_stub.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/metrics/testing/scrape.h"
#include "lib/store/consistency_token.h"
#include "tests/dateline_pair.h"

namespace dateline::testing {
namespace {

using metrics::testing::HttpGet;
using metrics::testing::Sample;


// promtool's verdict on an exposition: its exit status and output.
std::pair<int, std::string> Promtool(const std::string& text, const std::string& dir) {
  const std::string in = dir + "/scrape.txt", out = dir + "/promtool.out";
  std::ofstream(in) << text;
  int rc = std::system(absl::StrCat("promtool check metrics < ", in, " > ", out, " 2>&1").c_str());
  std::ifstream o(out);
  std::string verdict((std::istreambuf_iterator<char>(o)), {});
  return {rc, verdict};
}

v1::IngestEventRequest Req(const std::string& date, const std::string& headline) {
  v1::IngestEventRequest r;
  r.mutable_event()->set_date(date);
  r.mutable_event()->set_headline(headline);
  return r;
}

// Both servers with metrics on free ports, written to `dir`/{ingest,query}.metrics.
PairOptions WithMetrics(const TempDir& dir) {
  return {.ingest_args = {"--metrics_listen=127.0.0.1:0",
                          "--metrics_port_file=" + dir.path() + "/ingest.metrics"},
          .query_args = {"--metrics_listen=127.0.0.1:0",
                         "--metrics_port_file=" + dir.path() + "/query.metrics"}};
}

// The metrics port WithMetrics(dir) made `which` ("ingest" or "query") write.
int MetricsPort(const TempDir& dir, const std::string& which) {
  return ReadPortFile(dir.path() + "/" + which + ".metrics");
}

TEST(MetricsTest, CountersMoveByExactlyTheWorkloadAndTheExpositionIsValid) {
  TempDir ports;
  DatelinePair pair(WithMetrics(ports));
  ASSERT_TRUE(pair.Start());

  // Unary: 2 created, 1 unchanged, 1 rejected (INVALID_ARGUMENT).
  v1::IngestEventResponse resp;
  ASSERT_TRUE(pair.ingest_stub()->IngestEvent(Ctx().get(), Req("2020-01-01", "One"), &resp).ok());
  ASSERT_TRUE(pair.ingest_stub()->IngestEvent(Ctx().get(), Req("2020-01-02", "Two"), &resp).ok());
  ASSERT_TRUE(pair.ingest_stub()->IngestEvent(Ctx().get(), Req("2020-01-01", "One"), &resp).ok());
  EXPECT_EQ(pair.ingest_stub()->IngestEvent(Ctx().get(), Req("2020-02-30", "Bad"), &resp).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // One bulk stream of 3: 1 created, 1 rejected in its answer, 1 unchanged.
  {
    grpc::ClientContext ctx;
    auto stream = pair.ingest_stub()->IngestEvents(&ctx);
    ASSERT_TRUE(stream->Write(Req("2020-01-03", "Three")));
    ASSERT_TRUE(stream->Write(Req("2020-13-01", "Bad month")));
    ASSERT_TRUE(stream->Write(Req("2020-01-02", "Two")));
    stream->WritesDone();
    int answers = 0;
    while (stream->Read(&resp)) ++answers;
    ASSERT_TRUE(stream->Finish().ok());
    ASSERT_EQ(answers, 3);
  }
  // Query: 2 found (with the last token), 1 NOT_FOUND.
  v1::GetEventRequest get;
  get.set_consistency_token(resp.consistency_token());
  v1::Event e;
  get.set_name("events/2020-01-01/one");
  ASSERT_TRUE(pair.query_stub()->GetEvent(Ctx().get(), get, &e).ok());
  get.set_name("events/2020-01-03/three");
  ASSERT_TRUE(pair.query_stub()->GetEvent(Ctx().get(), get, &e).ok());
  get.set_name("events/2020-01-09/nothing");
  EXPECT_EQ(pair.query_stub()->GetEvent(Ctx().get(), get, &e).error_code(),
            grpc::StatusCode::NOT_FOUND);

  // Paths no service of the binary has: answered UNIMPLEMENTED, counted as "unknown"
  // (a client must not be able to add series of its own).
  for (const char* path : {"/no.such.Service/Method", "/another/Path"}) {
    grpc::GenericStub generic(pair.query()->Channel());
    grpc::ClientContext ctx;
    grpc::Slice empty("");
    grpc::ByteBuffer request(&empty, 1), response;
    absl::Notification done;
    grpc::Status status;
    generic.UnaryCall(&ctx, path, grpc::StubOptions(), &request, &response,
                      [&](grpc::Status s) {
                        status = std::move(s);
                        done.Notify();
                      });
    done.WaitForNotification();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED) << path;
  }

  std::optional<std::string> ingest = HttpGet(MetricsPort(ports, "ingest"));
  std::optional<std::string> query = HttpGet(MetricsPort(ports, "query"));
  ASSERT_TRUE(ingest.has_value());
  ASSERT_TRUE(query.has_value());

  EXPECT_EQ(Sample(*ingest, R"(dateline_ingest_events_total{outcome="created"})"), 3);
  EXPECT_EQ(Sample(*ingest, R"(dateline_ingest_events_total{outcome="unchanged"})"), 2);
  EXPECT_EQ(Sample(*ingest, R"(dateline_ingest_events_total{outcome="updated"})"), 0);
  EXPECT_EQ(Sample(*ingest, R"(dateline_ingest_events_total{outcome="rejected"})"), 2);
  EXPECT_EQ(Sample(*ingest, "dateline_ingest_stream_requests_total"), 3);
  EXPECT_GT(Sample(*ingest, "dateline_ingest_stream_bytes_total").value_or(0), 30);
  EXPECT_EQ(Sample(*ingest, "dateline_ingest_stream_events_count"), 1);
  EXPECT_EQ(Sample(*ingest, "dateline_ingest_stream_events_sum"), 3);
  // One sync per unary call that got to the store (3), and one per group of the stream:
  // its two valid requests form one group or two, as the reader delivers them.
  EXPECT_GE(Sample(*ingest, "dateline_wal_sync_duration_seconds_count").value_or(0), 4);
  EXPECT_LE(Sample(*ingest, "dateline_wal_sync_duration_seconds_count").value_or(9), 5);
  EXPECT_EQ(Sample(*ingest,
                   R"(dateline_rpc_requests_total{code="OK",method="/dateline.v1.IngestService/IngestEvent"})"),
            3);
  EXPECT_EQ(Sample(*ingest,
                   R"(dateline_rpc_requests_total{code="INVALID_ARGUMENT",method="/dateline.v1.IngestService/IngestEvent"})"),
            1);
  EXPECT_EQ(Sample(*ingest,
                   R"(dateline_rpc_duration_seconds_count{method="/dateline.v1.IngestService/IngestEvents"})"),
            1);
  EXPECT_EQ(Sample(*ingest, R"(dateline_rpc_in_flight{method="/dateline.v1.IngestService/IngestEvent"})"),
            0);
  EXPECT_GT(Sample(*ingest, "dateline_store_sequence").value_or(0), 0);
  EXPECT_TRUE(Sample(*ingest, "dateline_store_live_sst_bytes").has_value());
  EXPECT_GT(Sample(*ingest, "process_resident_memory_bytes").value_or(0), 1e6);

  EXPECT_EQ(Sample(*query,
                   R"(dateline_rpc_requests_total{code="OK",method="/dateline.v1.QueryService/GetEvent"})"),
            2);
  EXPECT_EQ(Sample(*query,
                   R"(dateline_rpc_requests_total{code="NOT_FOUND",method="/dateline.v1.QueryService/GetEvent"})"),
            1);
  EXPECT_EQ(Sample(*query, R"(dateline_rpc_duration_seconds_count{method="/dateline.v1.QueryService/GetEvent"})"),
            3);
  // The query has applied at least the writer's sequence of the last answer.
  EXPECT_GE(Sample(*query, "dateline_store_sequence").value_or(0),
            Sample(*ingest, "dateline_store_sequence").value_or(1));
  EXPECT_FALSE(Sample(*query, R"(dateline_ingest_events_total{outcome="created"})").has_value());
  EXPECT_EQ(Sample(*query, R"(dateline_rpc_requests_total{code="UNIMPLEMENTED",method="unknown"})"),
            2);
  EXPECT_THAT(*query, ::testing::Not(::testing::HasSubstr("no.such.Service")));
  EXPECT_THAT(*query, ::testing::Not(::testing::HasSubstr("/another/Path")));

  for (const std::string* text : {&*ingest, &*query}) {
    auto [rc, verdict] = Promtool(*text, ports.path());
    EXPECT_EQ(rc, 0) << verdict;
  }
}

TEST(MetricsTest, AMetricsPortInUseStopsTheServerWithAClearMessage) {
  TempDir dir;
  const std::string file = dir.path() + "/m";
  auto first = ServerProcess::Start(DATELINE_INGEST_BIN,
                                    {"--db=" + dir.path() + "/db1", "--metrics_listen=127.0.0.1:0",
                                     "--metrics_port_file=" + file},
                                    dir.path(), "first");
  ASSERT_TRUE(first.ok()) << first.status();
  // The metrics port file is written after the gRPC one that Start waits for; health
  // turns SERVING only after both.
  ASSERT_TRUE((*first)->WaitServing().ok()) << (*first)->Log();
  const int metrics_port = ReadPortFile(file);
  ASSERT_NE(metrics_port, 0) << "no metrics port in " << file;
  const std::string taken = absl::StrCat("127.0.0.1:", metrics_port);
  auto second = ServerProcess::Start(DATELINE_INGEST_BIN,
                                     {"--db=" + dir.path() + "/db2", "--metrics_listen=" + taken},
                                     dir.path(), "second", absl::Seconds(5));
  if (second.ok()) {
    absl::StatusOr<int> rc = (*second)->Wait(absl::Seconds(10));
    ASSERT_TRUE(rc.ok()) << rc.status() << "\nsecond's log:\n" << (*second)->Log();
    EXPECT_EQ(*rc, 1);
    EXPECT_THAT((*second)->Log(), ::testing::HasSubstr(taken));
  }
  std::ifstream log(dir.path() + "/second.log");
  std::string text((std::istreambuf_iterator<char>(log)), {});
  EXPECT_THAT(text, ::testing::HasSubstr("--metrics_listen"));
}

// A replica reports how far it is behind its writer; a secondary (the pair's query)
// has no such figures.
TEST(MetricsTest, AReplicaReportsItsLagBehindTheWriter) {
  TempDir dir;
  DatelinePair pair(WithMetrics(dir));
  ASSERT_TRUE(pair.Start());
  const std::string port_file = dir.path() + "/replica.metrics";  // WithMetrics' files differ
  auto replica = ServerProcess::Start(
      DATELINE_QUERY_BIN,
      {"--db=" + dir.path() + "/replica", "--replicate_from=" + pair.ingest()->address(),
       "--metrics_listen=127.0.0.1:0", "--metrics_port_file=" + port_file},
      dir.path(), "replica");
  ASSERT_TRUE(replica.ok()) << replica.status();
  ASSERT_TRUE((*replica)->WaitServing().ok()) << (*replica)->Log();
  v1::IngestEventResponse resp;
  for (const char* h : {"One", "Two"}) {
    ASSERT_TRUE(pair.ingest_stub()->IngestEvent(Ctx().get(), Req("2020-01-01", h), &resp).ok());
  }
  v1::GetEventRequest get;
  get.set_name(resp.name());
  get.set_consistency_token(resp.consistency_token());
  v1::Event e;
  ASSERT_TRUE(v1::QueryService::NewStub((*replica)->Channel())->GetEvent(Ctx().get(), get, &e).ok());
  absl::StatusOr<uint64_t> written = DecodeConsistencyToken(resp.consistency_token(), "token");
  ASSERT_TRUE(written.ok()) << written.status();

  std::optional<std::string> text = HttpGet(ReadPortFile(port_file));
  ASSERT_TRUE(text.has_value());
  const std::optional<double> applied = Sample(*text, "dateline_replica_applied_sequence");
  const std::optional<double> upstream = Sample(*text, "dateline_replica_upstream_sequence");
  ASSERT_TRUE(applied.has_value());
  ASSERT_TRUE(upstream.has_value());
  EXPECT_GE(*applied, static_cast<double>(*written));  // it served the token's read
  EXPECT_GE(*upstream, *applied);
  EXPECT_EQ(Sample(*text, "dateline_replica_lag_sequences"), *upstream - *applied);
  // Serving means caught up within --max_lag (30 s by default).
  EXPECT_LE(Sample(*text, "dateline_replica_seconds_since_caught_up").value_or(1e9), 30);

  std::optional<std::string> secondary = HttpGet(MetricsPort(dir, "query"));
  ASSERT_TRUE(secondary.has_value());
  EXPECT_FALSE(Sample(*secondary, "dateline_replica_applied_sequence").has_value());
}

// A free loopback port (bound, then released for the child to take).
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// A real Prometheus server (Debian's) scraping both services every second; one PromQL
// query through its HTTP API must see the ingest's counter and both targets up.
TEST(MetricsTest, ARealPrometheusScrapesBothServices) {
  TempDir dir;
  DatelinePair pair(WithMetrics(dir));
  ASSERT_TRUE(pair.Start());
  v1::IngestEventResponse resp;
  for (const char* h : {"One", "Two"}) {
    ASSERT_TRUE(pair.ingest_stub()->IngestEvent(Ctx().get(), Req("2020-01-01", h), &resp).ok());
  }

  const int prom_port = FreePort();
  const std::string config = dir.path() + "/prometheus.yml";
  std::ofstream(config) << "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                        << "scrape_configs:\n"
                        << "  - job_name: dateline-ingest\n    static_configs:\n"
                        << "      - targets: ['127.0.0.1:" << MetricsPort(dir, "ingest") << "']\n"
                        << "  - job_name: dateline-query\n    static_configs:\n"
                        << "      - targets: ['127.0.0.1:" << MetricsPort(dir, "query") << "']\n";
  std::vector<std::string> args = {"prometheus",
                                   "--config.file=" + config,
                                   "--storage.tsdb.path=" + dir.path() + "/tsdb",
                                   "--web.listen-address=127.0.0.1:" + std::to_string(prom_port),
                                   "--log.level=warn"};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string log = dir.path() + "/prometheus.log";
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  ASSERT_EQ(posix_spawnp(&pid, "prometheus", &actions, nullptr, argv.data(), environ), 0)
      << "is Debian's prometheus package installed (scripts/install-deps)?";
  posix_spawn_file_actions_destroy(&actions);
  struct Stop {
    pid_t pid;
    ~Stop() {
      kill(pid, SIGTERM);
      waitpid(pid, nullptr, 0);
    }
  } stop{pid};

  // Until both targets are scraped: the created counter summed over all targets, and
  // the number of targets up.
  const std::string created =
      "/api/v1/query?query=sum(dateline_ingest_events_total%7Boutcome%3D%22created%22%7D)";
  const std::string up = "/api/v1/query?query=sum(up)";
  std::optional<std::string> got_created, got_up;
  for (absl::Time end = absl::Now() + absl::Seconds(60); absl::Now() < end;
       absl::SleepFor(absl::Milliseconds(500))) {
    got_created = HttpGet(prom_port, created);
    got_up = HttpGet(prom_port, up);
    if (got_created && got_up && got_created->find("\"2\"]") != std::string::npos &&
        got_up->find("\"2\"]") != std::string::npos) {
      break;
    }
  }
  std::ifstream l(log);
  std::string prom_log((std::istreambuf_iterator<char>(l)), {});
  ASSERT_TRUE(got_created.has_value()) << prom_log;
  EXPECT_THAT(*got_created, ::testing::HasSubstr("\"status\":\"success\""));
  EXPECT_THAT(*got_created, ::testing::HasSubstr("\"2\"]")) << prom_log;  // two created
  ASSERT_TRUE(got_up.has_value());
  EXPECT_THAT(*got_up, ::testing::HasSubstr("\"2\"]")) << prom_log;  // both targets up
}

}  // namespace
}  // namespace dateline::testing
