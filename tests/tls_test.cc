// TLS over real servers, with certificates made by `openssl` at test time (none are
// committed): a CA, the server's certificate (SAN DNS localhost, IP 127.0.0.1), a
// writer's and a reader's client certificates (SPIFFE URIs), and a client certificate
// from another CA.
#include <signal.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "dateline/v1/admin_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "lib/metrics/testing/scrape.h"
#include "lib/tls/credentials.h"
#include "tests/dateline_pair.h"
#include "tests/server_process.h"

namespace dateline::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kWriter[] = "spiffe://dateline.test/writer";
constexpr char kReader[] = "spiffe://dateline.test/reader";

// Writes ca.crt, server.{crt,key}, writer.{crt,key}, reader.{crt,key} and
// stranger.{crt,key} (signed by another CA) into `dir`.
bool MakeCertificates(const std::string& dir) {
  const std::string script = absl::StrCat(R"(set -e; cd ')", dir, R"(';
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out "$1.key" 2>/dev/null; }
ca() { key "$1"; openssl req -x509 -new -key "$1.key" -out "$1.crt" -days 2 -subj "/CN=$1" 2>/dev/null; }
leaf() {  # NAME CA SAN
  key "$1"
  openssl req -new -key "$1.key" -out "$1.csr" -subj "/CN=$1" 2>/dev/null
  printf 'subjectAltName=%s\n' "$3" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$2.crt" -CAkey "$2.key" -CAcreateserial -days 2 \
    -extfile "$1.ext" -out "$1.crt" 2>/dev/null
}
ca ca; ca otherca
leaf server ca 'DNS:localhost,IP:127.0.0.1'
leaf writer ca 'URI:)", kWriter, R"('
leaf reader ca 'URI:)", kReader, R"('
leaf stranger otherca 'URI:)", kWriter, R"('
)");
  std::ofstream(dir + "/make.sh") << script;
  return std::system(absl::StrCat("bash '", dir, "/make.sh'").c_str()) == 0;
}

std::shared_ptr<grpc::ChannelCredentials> Client(const std::string& dir, const std::string& who) {
  tls::ClientTlsFiles files{dir + "/ca.crt", "", ""};
  if (!who.empty()) {
    files.cert = dir + "/" + who + ".crt";
    files.key = dir + "/" + who + ".key";
  }
  auto c = tls::MakeChannelCredentials(files);
  EXPECT_TRUE(c.ok()) << c.status();
  return c.ok() ? *c : nullptr;
}

v1::IngestEventRequest Req(const std::string& headline) {
  v1::IngestEventRequest r;
  r.mutable_event()->set_date("2021-03-04");
  r.mutable_event()->set_headline(headline);
  return r;
}

grpc::Status Ingest(const std::string& address, std::shared_ptr<grpc::ChannelCredentials> creds,
                    const std::string& headline, v1::IngestEventResponse* resp) {
  auto stub = v1::IngestService::NewStub(grpc::CreateChannel(address, creds));
  return stub->IngestEvent(Ctx(5).get(), Req(headline), resp);
}


class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(MakeCertificates(certs_.path())); }
  std::string Cert(const std::string& name) const { return certs_.path() + "/" + name; }
  TempDir certs_;
  TempDir dir_;
};

TEST_F(TlsTest, MutualTlsAdmitsOnlyAllowedWritersAndRefusesOthers) {
  const std::string metrics_port = dir_.path() + "/metrics.port";
  auto ingest = ServerProcess::Start(
      DATELINE_INGEST_BIN,
      {"--db=" + dir_.path() + "/db", "--tls_cert=" + Cert("server.crt"),
       "--tls_key=" + Cert("server.key"), "--tls_client_ca=" + Cert("ca.crt"),
       std::string("--allowed_writers=") + kWriter, "--metrics_listen=127.0.0.1:0",
       "--metrics_port_file=" + metrics_port, "--backup_root=" + dir_.path() + "/backups"},
      dir_.path(), "ingest");
  ASSERT_TRUE(ingest.ok()) << ingest.status();
  const std::string address = (*ingest)->address();

  // Health is callable by any authenticated client (here the reader).
  grpc::health::v1::HealthCheckResponse health;
  grpc::Status hs;
  for (absl::Time end = absl::Now() + absl::Seconds(20); absl::Now() < end;
       absl::SleepFor(absl::Milliseconds(100))) {
    grpc::health::v1::HealthCheckRequest req;
    hs = grpc::health::v1::Health::NewStub(grpc::CreateChannel(address, Client(certs_.path(), "reader")))
             ->Check(Ctx(2).get(), req, &health);
    if (hs.ok() && health.status() == grpc::health::v1::HealthCheckResponse::SERVING) break;
  }
  ASSERT_TRUE(hs.ok()) << hs.error_message() << (*ingest)->Log();
  ASSERT_EQ(health.status(), grpc::health::v1::HealthCheckResponse::SERVING);

  // The allowed writer writes.
  v1::IngestEventResponse resp;
  grpc::Status st = Ingest(address, Client(certs_.path(), "writer"), "Written over mTLS", &resp);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(resp.outcome(), v1::IngestEventResponse::CREATED);
  auto sequence = [&] {
    auto text = metrics::testing::HttpGet(ReadPortFile(metrics_port));
    return text ? metrics::testing::Sample(*text, "dateline_store_sequence") : std::nullopt;
  };
  const std::optional<double> before = sequence();
  ASSERT_TRUE(before.has_value());

  // A valid client that is not an allowed writer: PERMISSION_DENIED naming the rule,
  // on unary calls and streams alike, and the store's sequence does not move.
  st = Ingest(address, Client(certs_.path(), "reader"), "Not allowed", &resp);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(st.error_message(), HasSubstr("--allowed_writers"));
  EXPECT_THAT(st.error_message(), HasSubstr(kReader));
  {
    auto stub = v1::IngestService::NewStub(
        grpc::CreateChannel(address, Client(certs_.path(), "reader")));
    grpc::ClientContext ctx;
    auto stream = stub->IngestEvents(&ctx);
    stream->Write(Req("Not allowed either"));
    stream->WritesDone();
    v1::IngestEventResponse r;
    EXPECT_FALSE(stream->Read(&r));
    EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_EQ(sequence(), before);
  // Backups are authorized like writes: the reader is refused and nothing is made,
  // the writer (datelinectl with --cacert/--cert/--key) backs up.
  {
    auto admin = v1::AdminService::NewStub(
        grpc::CreateChannel(address, Client(certs_.path(), "reader")));
    v1::CreateBackupRequest req;
    req.set_backup_dir("nightly");
    v1::Backup made;
    grpc::Status bs = admin->CreateBackup(Ctx(20).get(), req, &made);
    EXPECT_EQ(bs.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_THAT(bs.error_message(), HasSubstr("--allowed_writers"));
    EXPECT_FALSE(std::filesystem::exists(dir_.path() + "/backups/nightly"));
    const std::string ctl = absl::StrCat(
        DATELINE_CTL_BIN, " --ingest=", address, " --cacert=", Cert("ca.crt"),
        " --cert=", Cert("writer.crt"), " --key=", Cert("writer.key"),
        " backup --to=nightly > /dev/null 2>&1");
    EXPECT_EQ(std::system(ctl.c_str()), 0);
    EXPECT_TRUE(std::filesystem::exists(dir_.path() + "/backups/nightly/meta/1"));
  }

  // Refused at the handshake: plaintext, no client certificate, another CA's client.
  st = Ingest(address, grpc::InsecureChannelCredentials(), "Plaintext", &resp);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAVAILABLE) << st.error_message();
  st = Ingest(address, Client(certs_.path(), ""), "No client certificate", &resp);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAVAILABLE) << st.error_message();
  {
    tls::ClientTlsFiles files{Cert("ca.crt"), Cert("stranger.crt"), Cert("stranger.key")};
    auto creds = tls::MakeChannelCredentials(files);
    ASSERT_TRUE(creds.ok());
    st = Ingest(address, *creds, "Another CA", &resp);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAVAILABLE) << st.error_message();
  }
  EXPECT_EQ(sequence(), before);
  (*ingest)->Signal(SIGTERM);
  absl::StatusOr<int> rc = (*ingest)->Wait();
  ASSERT_TRUE(rc.ok()) << rc.status();
  EXPECT_EQ(*rc, 0);
}

// Probes that cannot do TLS (the kubelet's gRPC probes) ask a plaintext port that
// serves health alone: SERVING there once the store is open, the liveness service too,
// and every other method UNIMPLEMENTED; plaintext on the main port still fails.
TEST_F(TlsTest, PlaintextHealthPortServesOnlyHealth) {
  const std::string health_port = dir_.path() + "/health.port";
  auto ingest = ServerProcess::Start(
      DATELINE_INGEST_BIN,
      {"--db=" + dir_.path() + "/db", "--tls_cert=" + Cert("server.crt"),
       "--tls_key=" + Cert("server.key"), "--tls_client_ca=" + Cert("ca.crt"),
       "--health_listen=127.0.0.1:0", "--health_port_file=" + health_port},
      dir_.path(), "ingest");
  ASSERT_TRUE(ingest.ok()) << ingest.status();
  // Ports are bound one after another: the health port file may come a moment later.
  for (absl::Time end = absl::Now() + absl::Seconds(10);
       ReadPortFile(health_port) == 0 && absl::Now() < end;) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  const std::string plain_address = absl::StrCat("127.0.0.1:", ReadPortFile(health_port));
  ASSERT_NE(plain_address, "127.0.0.1:0");
  auto channel = grpc::CreateChannel(plain_address, grpc::InsecureChannelCredentials());
  auto health = grpc::health::v1::Health::NewStub(channel);
  auto check = [&](const std::string& service, grpc::health::v1::HealthCheckResponse* resp) {
    grpc::health::v1::HealthCheckRequest req;
    req.set_service(service);
    return health->Check(Ctx(2).get(), req, resp);
  };
  grpc::health::v1::HealthCheckResponse resp;
  grpc::Status st;
  for (absl::Time end = absl::Now() + absl::Seconds(20); absl::Now() < end;
       absl::SleepFor(absl::Milliseconds(100))) {
    st = check("", &resp);
    if (st.ok() && resp.status() == grpc::health::v1::HealthCheckResponse::SERVING) break;
  }
  ASSERT_TRUE(st.ok()) << st.error_message() << (*ingest)->Log();
  EXPECT_EQ(resp.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  ASSERT_TRUE(check("liveness", &resp).ok());
  EXPECT_EQ(resp.status(), grpc::health::v1::HealthCheckResponse::SERVING);

  v1::IngestEventResponse ingested;
  EXPECT_EQ(v1::IngestService::NewStub(channel)
                ->IngestEvent(Ctx(2).get(), Req("Not on the health port"), &ingested)
                .error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_EQ(Ingest((*ingest)->address(), grpc::InsecureChannelCredentials(), "Plaintext", &ingested)
                .error_code(),
            grpc::StatusCode::UNAVAILABLE);
  // The writer over mTLS on the main port still writes.
  st = Ingest((*ingest)->address(), Client(certs_.path(), "writer"), "Over mTLS", &ingested);
  EXPECT_TRUE(st.ok()) << st.error_message();

  // SIGTERM: the health port says NOT_SERVING during the drain like the main port.
  (*ingest)->Signal(SIGTERM);
  bool not_serving = false;
  for (absl::Time end = absl::Now() + absl::Seconds(5); absl::Now() < end && !not_serving;
       absl::SleepFor(absl::Milliseconds(50))) {
    grpc::Status s = check("", &resp);
    not_serving = s.ok() && resp.status() == grpc::health::v1::HealthCheckResponse::NOT_SERVING;
  }
  EXPECT_TRUE(not_serving);
  absl::StatusOr<int> rc = (*ingest)->Wait();
  ASSERT_TRUE(rc.ok()) << rc.status();
  EXPECT_EQ(*rc, 0);
}

TEST_F(TlsTest, QueryOverTlsAndDatelinectlWithCacert) {
  DatelinePair pair;  // a plaintext ingest fills the store
  ASSERT_TRUE(pair.Start());
  v1::IngestEventResponse resp;
  ASSERT_TRUE(pair.ingest_stub()->IngestEvent(Ctx().get(), Req("Read over TLS"), &resp).ok());

  auto query = ServerProcess::Start(
      DATELINE_QUERY_BIN,
      {"--db=" + pair.db(), "--secondary_dir=" + dir_.path() + "/secondary",
       "--tls_cert=" + Cert("server.crt"), "--tls_key=" + Cert("server.key")},
      dir_.path(), "query");
  ASSERT_TRUE(query.ok()) << query.status();
  const std::string address = (*query)->address();
  auto stub = v1::QueryService::NewStub(grpc::CreateChannel(address, Client(certs_.path(), "")));
  v1::GetEventRequest get;
  get.set_name(resp.name());
  get.set_consistency_token(resp.consistency_token());
  v1::Event event;
  grpc::Status st;
  for (absl::Time end = absl::Now() + absl::Seconds(20); absl::Now() < end;
       absl::SleepFor(absl::Milliseconds(100))) {
    st = stub->GetEvent(Ctx(2).get(), get, &event);
    if (st.ok()) break;
  }
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(event.headline(), "Read over TLS");
  auto plain = v1::QueryService::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  EXPECT_EQ(plain->GetEvent(Ctx(2).get(), get, &event).error_code(), grpc::StatusCode::UNAVAILABLE);

  // datelinectl with --cacert (TLS without a client certificate).
  const std::string out = dir_.path() + "/ctl.out";
  const int rc = std::system(absl::StrCat(DATELINE_CTL_BIN, " --query=", address, " --cacert=",
                                          Cert("ca.crt"), " get ", resp.name(), " > ", out,
                                          " 2>&1")
                                 .c_str());
  std::ifstream in(out);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(rc, 0) << text;
  EXPECT_THAT(text, HasSubstr("Read over TLS"));
  // Without --cacert it cannot connect.
  EXPECT_NE(std::system(absl::StrCat(DATELINE_CTL_BIN, " --query=", address, " --timeout=2s get ",
                                     resp.name(), " > /dev/null 2>&1")
                            .c_str()),
            0);
}

// Replication over mTLS: a replica presenting an identity in --allowed_replicas
// follows the writer; one presenting another (valid) identity is refused and never
// becomes SERVING.
TEST_F(TlsTest, OnlyAllowedReplicasFollowAnMtlsIngest) {
  auto ingest = ServerProcess::Start(
      DATELINE_INGEST_BIN,
      {"--db=" + dir_.path() + "/db", "--tls_cert=" + Cert("server.crt"),
       "--tls_key=" + Cert("server.key"), "--tls_client_ca=" + Cert("ca.crt"),
       std::string("--allowed_writers=") + kWriter,
       std::string("--allowed_replicas=") + kReader},
      dir_.path(), "ingest");
  ASSERT_TRUE(ingest.ok()) << ingest.status();
  const std::string address = (*ingest)->address();
  v1::IngestEventResponse resp;
  grpc::Status st;
  for (absl::Time end = absl::Now() + absl::Seconds(20); absl::Now() < end;
       absl::SleepFor(absl::Milliseconds(100))) {
    st = Ingest(address, Client(certs_.path(), "writer"), "Replicated over mTLS", &resp);
    if (st.ok()) break;
  }
  ASSERT_TRUE(st.ok()) << st.error_message();

  auto replica = [&](const std::string& name, const std::string& who) {
    return ServerProcess::Start(
        DATELINE_QUERY_BIN,
        {"--db=" + dir_.path() + "/" + name, "--replicate_from=" + address,
         "--upstream_cacert=" + Cert("ca.crt"), "--upstream_cert=" + Cert(who + ".crt"),
         "--upstream_key=" + Cert(who + ".key")},
        dir_.path(), name);
  };
  auto allowed = replica("allowed", "reader");
  ASSERT_TRUE(allowed.ok()) << allowed.status();
  ASSERT_TRUE((*allowed)->WaitServing().ok()) << (*allowed)->Log();
  auto stub = v1::QueryService::NewStub((*allowed)->Channel());
  v1::GetEventRequest get;
  get.set_name(resp.name());
  get.set_consistency_token(resp.consistency_token());
  v1::Event event;
  st = stub->GetEvent(Ctx().get(), get, &event);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(event.headline(), "Replicated over mTLS");

  auto refused = replica("refused", "writer");
  ASSERT_TRUE(refused.ok()) << refused.status();
  EXPECT_FALSE((*refused)->WaitServing(absl::Seconds(3)).ok());
  EXPECT_THAT((*refused)->Log(), HasSubstr("--allowed_replicas"));
}

TEST_F(TlsTest, InconsistentTlsFlagsAreRefusedNamingTheFlag) {
  for (const auto& [args, flag] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"--tls_cert=" + Cert("server.crt")}, "--tls_key"},
           {{"--tls_client_ca=" + Cert("ca.crt")}, "--tls_client_ca"},
           {{"--tls_cert=" + Cert("server.crt"), "--tls_key=" + Cert("missing.key")}, "--tls_key"},
           {{std::string("--allowed_writers=") + kWriter}, "--allowed_writers"},
       }) {
    std::string cmd = absl::StrCat(DATELINE_INGEST_BIN, " --db=", dir_.path(), "/db-flags");
    for (const std::string& a : args) absl::StrAppend(&cmd, " '", a, "'");
    const std::string out = dir_.path() + "/flags.out";
    const int rc = std::system(absl::StrCat(cmd, " > ", out, " 2>&1").c_str());
    std::ifstream in(out);
    std::string text((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(WEXITSTATUS(rc), 2) << text;
    EXPECT_THAT(text, HasSubstr(flag));
  }
}

}  // namespace
}  // namespace dateline::testing
