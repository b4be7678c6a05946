// An in-process IngestService for tests of the client code. Outcomes depend on
// the headline: containing "dup" -> UNCHANGED, "upd" -> UPDATED, "bad" -> item
// error INVALID_ARGUMENT, otherwise CREATED. ImportPage refuses paths
// containing "broken" (INVALID_ARGUMENT) and fails every call with UNAVAILABLE
// once `unavailable` is set.
#ifndef DATELINE_LIB_CLIENT_TESTING_FAKE_INGEST_SERVICE_H_
#define DATELINE_LIB_CLIENT_TESTING_FAKE_INGEST_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "dateline/v1/ingest_service.grpc.pb.h"

namespace dateline::client::testing {

class FakeIngestService final : public dateline::v1::IngestService::Service {
 public:
  using Request = dateline::v1::IngestEventRequest;
  using Response = dateline::v1::IngestEventResponse;

  // IngestEvents fails with this status after reading this many requests (-1:
  // never).
  int fail_after = -1;
  grpc::Status fail_status{grpc::StatusCode::UNAVAILABLE, "store closed"};
  // IngestEvents returns OK after answering this many requests (-1: never).
  int close_after = -1;
  // Index sent in the responses is shifted by this much (protocol breakage).
  int index_offset = 0;
  std::atomic<bool> unavailable{false};

  std::vector<std::string> headlines() {
    absl::MutexLock lock(&mu_);
    return headlines_;
  }
  std::vector<dateline::v1::ImportPageRequest> pages() {
    absl::MutexLock lock(&mu_);
    return pages_;
  }

  static Response Answer(const std::string& headline) {
    Response response;
    if (absl::StrContains(headline, "bad")) {
      response.mutable_error()->set_code(3);
      response.mutable_error()->set_message("event.date: not a calendar day");
      return response;
    }
    response.set_name("events/2017-07-30/x");
    response.set_revision(1);
    response.set_outcome(
        absl::StrContains(headline, "dup")   ? Response::UNCHANGED
        : absl::StrContains(headline, "upd") ? Response::UPDATED
                                             : Response::CREATED);
    return response;
  }

  grpc::Status IngestEvents(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<Response, Request>* stream) override {
    Request request;
    int64_t index = 0;
    while (stream->Read(&request)) {
      if (fail_after >= 0 && index >= fail_after) return fail_status;
      if (close_after >= 0 && index >= close_after) return grpc::Status::OK;
      {
        absl::MutexLock lock(&mu_);
        headlines_.push_back(request.event().headline());
      }
      Response response = Answer(request.event().headline());
      response.set_index(index + index_offset);
      ++index;
      if (!stream->Write(response)) break;
    }
    return grpc::Status::OK;
  }

  grpc::Status ImportPage(grpc::ServerContext* context,
                          const dateline::v1::ImportPageRequest* request,
                          Response* response) override {
    if (unavailable)
      return grpc::Status(grpc::StatusCode::UNAVAILABLE, "store closed");
    {
      absl::MutexLock lock(&mu_);
      pages_.push_back(*request);
    }
    if (absl::StrContains(request->path(), "broken")) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "line 3: expected `# {headline} `");
    }
    response->set_name("events/2017-07-30/x");
    response->set_outcome(Response::CREATED);
    return grpc::Status::OK;
  }

 private:
  absl::Mutex mu_;
  std::vector<std::string> headlines_ ABSL_GUARDED_BY(mu_);
  std::vector<dateline::v1::ImportPageRequest> pages_ ABSL_GUARDED_BY(mu_);
};

// Runs `service` in process; stub() talks to it without a network.
class InProcessServer {
 public:
  explicit InProcessServer(grpc::Service* service) {
    grpc::ServerBuilder builder;
    builder.RegisterService(service);
    server_ = builder.BuildAndStart();
    channel_ = server_->InProcessChannel(grpc::ChannelArguments());
  }
  ~InProcessServer() { server_->Shutdown(); }
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }

 private:
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace dateline::client::testing

#endif  // DATELINE_LIB_CLIENT_TESTING_FAKE_INGEST_SERVICE_H_
