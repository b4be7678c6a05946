#include "services/query/query_service.h"

#include <algorithm>

#include "absl/time/clock.h"
#include "lib/server/grpc_status.h"
#include "lib/store/consistency_token.h"

namespace dateline {

template <typename Req, typename Resp, typename Method>
grpc::Status QueryServiceImpl::Serve(grpc::ServerContext* ctx, const Req& req, Resp* resp,
                                     Method method) {
  absl::StatusOr<QueryBackend*> backend = backend_->Get();
  if (!backend.ok()) return ToGrpcStatus(backend.status());
  if (!req.consistency_token().empty()) {
    absl::StatusOr<uint64_t> seq =
        DecodeConsistencyToken(req.consistency_token(), "consistency_token");
    if (!seq.ok()) return ToGrpcStatus(seq.status());
    absl::Time deadline =
        std::min(absl::FromChrono(ctx->deadline()), absl::Now() + max_wait_);
    absl::Status waited = (*backend)->follower.WaitFor(*seq, deadline);
    if (!waited.ok()) return ToGrpcStatus(waited);
  }
  StoreFollower::ReadView view(&(*backend)->follower);
  auto result = ((*backend)->engine.*method)(req);
  if (!result.ok()) return ToGrpcStatus(result.status());
  *resp = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status QueryServiceImpl::GetEvent(grpc::ServerContext* ctx, const v1::GetEventRequest* req,
                                        v1::Event* resp) {
  return Serve(ctx, *req, resp, &QueryEngine::GetEvent);
}
grpc::Status QueryServiceImpl::ListEvents(grpc::ServerContext* ctx,
                                          const v1::ListEventsRequest* req,
                                          v1::ListEventsResponse* resp) {
  return Serve(ctx, *req, resp, &QueryEngine::ListEvents);
}
grpc::Status QueryServiceImpl::ListRelatedEvents(grpc::ServerContext* ctx,
                                                 const v1::ListRelatedEventsRequest* req,
                                                 v1::ListRelatedEventsResponse* resp) {
  return Serve(ctx, *req, resp, &QueryEngine::ListRelatedEvents);
}
grpc::Status QueryServiceImpl::ListEventRevisions(grpc::ServerContext* ctx,
                                                  const v1::ListEventRevisionsRequest* req,
                                                  v1::ListEventRevisionsResponse* resp) {
  return Serve(ctx, *req, resp, &QueryEngine::ListEventRevisions);
}
grpc::Status QueryServiceImpl::GetEventRevision(grpc::ServerContext* ctx,
                                                const v1::GetEventRevisionRequest* req,
                                                v1::EventRevision* resp) {
  return Serve(ctx, *req, resp, &QueryEngine::GetEventRevision);
}
grpc::Status QueryServiceImpl::RenderEventPage(grpc::ServerContext* ctx,
                                               const v1::RenderEventPageRequest* req,
                                               v1::RenderEventPageResponse* resp) {
  return Serve(ctx, *req, resp, &QueryEngine::RenderEventPage);
}

}  // namespace dateline
