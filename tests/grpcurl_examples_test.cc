// Runs README.md's grpcurl examples as printed, the way grpcurl runs them: server
// reflection (v1alpha) for the descriptors, the -d JSON parsed into a dynamic message,
// a generic unary call. The servers are real and loaded with the sample data.
#include <cstdlib>
#include <fstream>
#include <future>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/util/json_util.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "gtest/gtest.h"
#include "tests/dateline_pair.h"

namespace dateline::testing {
namespace {

namespace refl = grpc::reflection::v1alpha;
namespace pb = google::protobuf;

// Splits a shell command line, honouring single quotes.
std::vector<std::string> ShellWords(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool in_quote = false, any = false;
  for (char c : line) {
    if (c == '\'') {
      in_quote = !in_quote;
      any = true;
    } else if (c == ' ' && !in_quote) {
      if (any) out.push_back(cur);
      cur.clear();
      any = false;
    } else {
      cur.push_back(c);
      any = true;
    }
  }
  if (any) out.push_back(cur);
  return out;
}

// A reflection client that builds a descriptor pool on demand, as grpcurl does.
class ReflectionClient {
 public:
  explicit ReflectionClient(std::shared_ptr<grpc::Channel> channel)
      : stub_(refl::ServerReflection::NewStub(channel)) {}

  std::vector<std::string> ListServices() {
    refl::ServerReflectionRequest req;
    req.set_list_services("");
    refl::ServerReflectionResponse resp = Ask(req);
    std::vector<std::string> out;
    for (const auto& s : resp.list_services_response().service()) out.push_back(s.name());
    return out;
  }

  // Loads the file defining `symbol` and its dependencies into the pool.
  bool LoadSymbol(const std::string& symbol) {
    refl::ServerReflectionRequest req;
    req.set_file_containing_symbol(symbol);
    return AddFiles(Ask(req));
  }

  const pb::DescriptorPool& pool() const { return pool_; }

 private:
  refl::ServerReflectionResponse Ask(const refl::ServerReflectionRequest& req) {
    grpc::ClientContext ctx;
    auto stream = stub_->ServerReflectionInfo(&ctx);
    stream->Write(req);
    stream->WritesDone();
    refl::ServerReflectionResponse resp;
    stream->Read(&resp);
    refl::ServerReflectionResponse ignored;
    while (stream->Read(&ignored)) {
    }
    EXPECT_TRUE(stream->Finish().ok());
    return resp;
  }

  bool AddFiles(const refl::ServerReflectionResponse& resp) {
    if (!resp.has_file_descriptor_response()) return false;
    std::vector<pb::FileDescriptorProto> files;
    for (const std::string& raw : resp.file_descriptor_response().file_descriptor_proto()) {
      pb::FileDescriptorProto f;
      if (!f.ParseFromString(raw)) return false;
      protos_[f.name()] = f;
      files.push_back(f);
    }
    // Fetch missing dependencies by file name, then build in dependency order.
    for (const auto& f : files) {
      for (const std::string& dep : f.dependency()) {
        if (protos_.count(dep)) continue;
        refl::ServerReflectionRequest req;
        req.set_file_by_filename(dep);
        if (!AddFiles(Ask(req))) return false;
      }
    }
    for (const auto& f : files) Build(f.name());
    return true;
  }

  void Build(const std::string& name) {
    if (pool_.FindFileByName(name) != nullptr || !protos_.count(name)) return;
    for (const std::string& dep : protos_[name].dependency()) Build(dep);
    pool_.BuildFile(protos_[name]);
  }

  std::unique_ptr<refl::ServerReflection::Stub> stub_;
  std::map<std::string, pb::FileDescriptorProto> protos_;
  pb::DescriptorPool pool_;
};

std::string ReadmeGrpcurlLines(std::vector<std::string>* lines) {
  std::ifstream in(std::string(DATELINE_SOURCE_DIR) + "/README.md");
  std::string line;
  while (std::getline(in, line)) {
    // WatchEvents (a stream that runs until cancelled, served by replicas) is covered
    // by tests/replication_test.cc instead.
    if (absl::StartsWith(line, "grpcurl -plaintext ") && !absl::StrContains(line, "\xE2\x80\xA6") &&
        !absl::StrContains(line, "/WatchEvents")) {
      lines->push_back(line);
    }
  }
  return "";
}

class GrpcurlExamplesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(pair_.Start());
    std::string cmd = absl::StrCat(DATELINE_CTL_BIN, " --ingest=", pair_.ingest()->address(),
                                   " import ", DATELINE_SOURCE_DIR, "/testdata/sample/portal-sample.jsonl ",
                                   DATELINE_SOURCE_DIR, "/testdata/sample > ",
                                   pair_.dir(), "/import.log 2>&1");
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
  DatelinePair pair_;
};

TEST_F(GrpcurlExamplesTest, ReadmeExamplesWorkAsPrinted) {
  std::vector<std::string> lines;
  ReadmeGrpcurlLines(&lines);
  ASSERT_GE(lines.size(), 8u) << "README.md has fewer grpcurl examples than expected";
  const std::map<std::string, std::string> ports = {
      {"127.0.0.1:50051", pair_.ingest()->address()},
      {"127.0.0.1:50052", pair_.query()->address()}};
  // Like a person starting grpcurl after scripts/run, read once the query has caught
  // up with the import (it follows the writer every 100 ms).
  bool visible = false;
  for (int attempt = 0; attempt < 200 && !visible; ++attempt) {
    v1::GetEventRequest get;
    get.set_name(
        "events/2017-07-30/russian-president-vladimir-putin-expels-755-u-s-diplomats-in-"
        "response-to-new-sanctions-imposed-by-the-united-states");
    v1::Event e;
    visible = pair_.query_stub()->GetEvent(Ctx().get(), get, &e).ok() && e.revision() == 3;
    if (!visible) absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_TRUE(visible) << "the sample import never became visible";
  for (const std::string& line : lines) {
    SCOPED_TRACE(line);
    std::vector<std::string> w = ShellWords(line);
    ASSERT_GE(w.size(), 3u);
    ASSERT_EQ(w[1], "-plaintext");
    size_t i = 2;
    std::string body;
    if (w[i] == "-d") {
      body = w[i + 1];
      i += 2;
    }
    ASSERT_TRUE(ports.count(w[i])) << "unknown address " << w[i];
    auto channel = grpc::CreateChannel(ports.at(w[i]), grpc::InsecureChannelCredentials());
    ReflectionClient reflection(channel);
    const std::string verb = w[i + 1];
    if (verb == "list") {
      EXPECT_THAT(reflection.ListServices(), ::testing::Contains("dateline.v1.QueryService"));
      continue;
    }
    if (verb == "describe") {
      ASSERT_TRUE(reflection.LoadSymbol(w[i + 2]));
      EXPECT_NE(reflection.pool().FindServiceByName(w[i + 2]), nullptr);
      continue;
    }
    // SERVICE/METHOD
    size_t slash = verb.find('/');
    ASSERT_NE(slash, std::string::npos);
    std::string service = verb.substr(0, slash), method = verb.substr(slash + 1);
    ASSERT_TRUE(reflection.LoadSymbol(service)) << service;
    const pb::ServiceDescriptor* sd = reflection.pool().FindServiceByName(service);
    ASSERT_NE(sd, nullptr);
    const pb::MethodDescriptor* md = sd->FindMethodByName(method);
    ASSERT_NE(md, nullptr);
    pb::DynamicMessageFactory factory(&reflection.pool());
    std::unique_ptr<pb::Message> req(factory.GetPrototype(md->input_type())->New());
    std::unique_ptr<pb::Message> resp(factory.GetPrototype(md->output_type())->New());
    ASSERT_TRUE(pb::util::JsonStringToMessage(body.empty() ? "{}" : body, req.get()).ok())
        << body;
    grpc::ByteBuffer request_bytes, response_bytes;
    {
      std::string raw = req->SerializeAsString();
      grpc::Slice slice(raw);
      request_bytes = grpc::ByteBuffer(&slice, 1);
    }
    grpc::GenericStub stub(channel);
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    std::promise<grpc::Status> done;
    stub.UnaryCall(&ctx, absl::StrCat("/", service, "/", method), grpc::StubOptions(),
                   &request_bytes, &response_bytes,
                   [&](grpc::Status s) { done.set_value(s); });
    grpc::Status st = done.get_future().get();
    ASSERT_TRUE(st.ok()) << st.error_code() << ": " << st.error_message();
    std::vector<grpc::Slice> slices;
    ASSERT_TRUE(response_bytes.Dump(&slices).ok());
    std::string raw;
    for (const auto& s : slices) raw.append(reinterpret_cast<const char*>(s.begin()), s.size());
    ASSERT_TRUE(resp->ParseFromString(raw));
    std::string json;
    ASSERT_TRUE(pb::util::MessageToJsonString(*resp, &json).ok());
    EXPECT_NE(json, "{}") << "empty answer";
    if (method == "ListEvents" || method == "ListRelatedEvents" ||
        method == "ListEventRevisions") {
      EXPECT_THAT(json, ::testing::HasSubstr("events/")) << json.substr(0, 300);
    }
  }
}

}  // namespace
}  // namespace dateline::testing
