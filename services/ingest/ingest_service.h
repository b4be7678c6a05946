// gRPC adapter of the ingest: validate -> Ingestor -> map status -> respond.
#ifndef DATELINE_SERVICES_INGEST_INGEST_SERVICE_H_
#define DATELINE_SERVICES_INGEST_INGEST_SERVICE_H_

#include <functional>

#include "dateline/v1/ingest_service.grpc.pb.h"
#include "lib/server/ready.h"
#include "lib/tls/authorization.h"
#include "services/ingest/ingestor.h"

namespace dateline {

class IngestServiceImpl final : public v1::IngestService::Service {
 public:
  // `ingestor` is filled once the store is open; not owned.
  // Requests larger than `max_request_bytes` fail RESOURCE_EXHAUSTED (in a stream:
  // that item's error).
  // `writers`: who may call the write methods (--allowed_writers; no rule: everyone);
  // others get PERMISSION_DENIED and nothing is written.
  IngestServiceImpl(const Ready<Ingestor>* ingestor, size_t max_request_bytes,
                    tls::Authorizer writers = {{}, "--allowed_writers"})
      : ingestor_(ingestor), max_request_bytes_(max_request_bytes), writers_(std::move(writers)) {}

  grpc::Status IngestEvent(grpc::ServerContext* context,
                           const v1::IngestEventRequest* request,
                           v1::IngestEventResponse* response) override;

  // Runs the stream through a GroupCommitter (group_commit.h): requests applied in
  // groups, each made durable with one WAL sync, responses in request order.
  grpc::Status IngestEvents(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<v1::IngestEventResponse, v1::IngestEventRequest>* stream)
      override;

  grpc::Status ImportPage(grpc::ServerContext* context, const v1::ImportPageRequest* request,
                          v1::IngestEventResponse* response) override;

 private:
  absl::Status CheckSize(const google::protobuf::Message& request) const;
  // The unary path: store open, size limit, `prepare`, apply.
  absl::StatusOr<v1::IngestEventResponse> ApplyOne(
      const google::protobuf::Message& request,
      const std::function<absl::StatusOr<IngestItem>()>& prepare) const;

  const Ready<Ingestor>* ingestor_;
  const size_t max_request_bytes_;
  const tls::Authorizer writers_;
};

}  // namespace dateline

#endif  // DATELINE_SERVICES_INGEST_INGEST_SERVICE_H_
