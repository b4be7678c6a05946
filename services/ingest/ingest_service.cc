#include "services/ingest/ingest_service.h"

#include <functional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "lib/common/status_macros.h"
#include "lib/server/grpc_status.h"
#include "services/ingest/group_commit.h"
#include "services/ingest/ingest_metrics.h"
#include "services/ingest/page_import.h"

namespace dateline {

absl::Status IngestServiceImpl::CheckSize(const google::protobuf::Message& request) const {
  size_t size = request.ByteSizeLong();
  if (size <= max_request_bytes_) return absl::OkStatus();
  return absl::ResourceExhaustedError(
      absl::StrCat("request: ", size, " bytes exceeds the limit of ", max_request_bytes_,
                   " bytes (--max_message_bytes)"));
}

absl::StatusOr<v1::IngestEventResponse> IngestServiceImpl::ApplyOne(
    const google::protobuf::Message& request,
    const std::function<absl::StatusOr<IngestItem>()>& prepare) const {
  DL_ASSIGN_OR_RETURN(Ingestor * ingestor, ingestor_->Get());
  DL_RETURN_IF_ERROR(CheckSize(request));
  DL_ASSIGN_OR_RETURN(IngestItem item, prepare());
  return ingestor->Apply(std::move(item));
}

grpc::Status IngestServiceImpl::IngestEvent(grpc::ServerContext* context,
                                            const v1::IngestEventRequest* request,
                                            v1::IngestEventResponse* response) {
  if (absl::Status allowed = writers_.Check(*context); !allowed.ok()) {
    return ToGrpcStatus(allowed);
  }
  auto result = ApplyOne(*request, [&] { return Ingestor::Prepare(*request); });
  if (!result.ok()) {
    ingest_metrics::CountRejected();
    return ToGrpcStatus(result.status());
  }
  ingest_metrics::CountAnswer(*result);
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status IngestServiceImpl::IngestEvents(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<v1::IngestEventResponse, v1::IngestEventRequest>* stream) {
  if (absl::Status allowed = writers_.Check(*context); !allowed.ok()) {
    return ToGrpcStatus(allowed);
  }
  absl::StatusOr<Ingestor*> ingestor = ingestor_->Get();
  if (!ingestor.ok()) return ToGrpcStatus(ingestor.status());
  GroupCommitter committer(*ingestor, [this](const v1::IngestEventRequest& request)
                                          -> absl::StatusOr<IngestItem> {
    DL_RETURN_IF_ERROR(CheckSize(request));
    return Ingestor::Prepare(request);
  });
  int64_t requests = 0;  // read on the committer's reader thread only
  BulkStream bulk{
      [stream, &requests](v1::IngestEventRequest* r) {
        if (!stream->Read(r)) return false;
        ++requests;
        ingest_metrics::CountStreamRequest(r->ByteSizeLong());
        return true;
      },
      [stream](const v1::IngestEventResponse& r) {
        if (!stream->Write(r)) return false;
        ingest_metrics::CountAnswer(r);  // answered: delivered to the client
        return true;
      },
      [context] { return context->IsCancelled(); },
      [context] { context->TryCancel(); },
  };
  absl::Status result = committer.Run(bulk);  // joins the reader thread
  ingest_metrics::ObserveStreamEnd(requests);
  return ToGrpcStatus(result);
}

grpc::Status IngestServiceImpl::ImportPage(grpc::ServerContext* context,
                                           const v1::ImportPageRequest* request,
                                           v1::IngestEventResponse* response) {
  if (absl::Status allowed = writers_.Check(*context); !allowed.ok()) {
    return ToGrpcStatus(allowed);
  }
  auto result = ApplyOne(*request, [&] { return PreparePageImport(*request); });
  if (!result.ok()) {
    ingest_metrics::CountRejected();
    return ToGrpcStatus(result.status());
  }
  ingest_metrics::CountAnswer(*result);
  *response = *std::move(result);
  return grpc::Status::OK;
}

}  // namespace dateline
