#include "services/query/query_service.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "lib/server/grpc_status.h"
#include "lib/store/consistency_token.h"

namespace dateline {

template <typename Req, typename Resp, typename Method>
grpc::Status QueryServiceImpl::Serve(grpc::ServerContextBase* ctx, const Req& req, Resp* resp,
                                     Method method) {
  absl::StatusOr<QueryBackend*> backend = backend_->Get();
  if (!backend.ok()) return ToGrpcStatus(backend.status());
  if (!req.consistency_token().empty()) {
    absl::StatusOr<uint64_t> seq =
        DecodeConsistencyToken(req.consistency_token(), "consistency_token");
    if (!seq.ok()) return ToGrpcStatus(seq.status());
    absl::Time deadline =
        std::min(absl::FromChrono(ctx->deadline()), absl::Now() + max_wait_);
    absl::Status waited = (*backend)->view->WaitFor(*seq, deadline);
    if (!waited.ok()) return ToGrpcStatus(waited);
  }
  ConsistentView::Lock view((*backend)->view);
  auto result = ((*backend)->engine.*method)(req);
  if (!result.ok()) return ToGrpcStatus(result.status());
  *resp = *std::move(result);
  return grpc::Status::OK;
}

template <typename Req, typename Resp, typename Method>
grpc::ServerUnaryReactor* QueryServiceImpl::React(grpc::CallbackServerContext* ctx,
                                                  const Req* req, Resp* resp, Method method) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  if (req->consistency_token().empty()) {
    reactor->Finish(Serve(ctx, *req, resp, method));
    return reactor;
  }
  // Finish is the task's last step: after it the call (ctx, req, resp) may be gone.
  QueueOrRefuse(reactor, [this, ctx, req, resp, method, reactor] {
    reactor->Finish(Serve(ctx, *req, resp, method));
  });
  return reactor;
}

void QueryServiceImpl::QueueOrRefuse(grpc::ServerUnaryReactor* reactor,
                                     std::function<void()> task) {
  if (!waiters_.Submit(std::move(task))) {
    reactor->Finish(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                 "consistency_token: too many reads are waiting for their "
                                 "tokens; retry with backoff"));
  }
}

namespace {

// A GetEvent call's own request and answer bytes (the raw method has ByteBuffers).
struct RawGetEvent {
  v1::GetEventRequest request;
  std::string event;  // serialized dateline.v1.Event
};

// The request as gRPC's typed handlers parse it (SerializationTraits); the copy of
// `buffer` only takes references to its slices.
bool ParseRequest(const grpc::ByteBuffer& buffer, v1::GetEventRequest* request) {
  grpc::ByteBuffer copy(buffer);
  return grpc::SerializationTraits<v1::GetEventRequest>::Deserialize(&copy, request).ok();
}

// Finishes `reactor` with `status`, and with `call`'s event as the answer when OK.
void FinishRaw(grpc::ServerUnaryReactor* reactor, const grpc::Status& status,
               const RawGetEvent& call, grpc::ByteBuffer* resp) {
  if (status.ok()) {
    grpc::Slice slice(call.event);
    *resp = grpc::ByteBuffer(&slice, 1);
  }
  reactor->Finish(status);
}

}  // namespace

grpc::ServerUnaryReactor* QueryServiceImpl::GetEvent(grpc::CallbackServerContext* ctx,
                                                     const grpc::ByteBuffer* req,
                                                     grpc::ByteBuffer* resp) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  RawGetEvent now;
  if (!ParseRequest(*req, &now.request)) {
    reactor->Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                 "request: not a dateline.v1.GetEventRequest"));
    return reactor;
  }
  if (now.request.consistency_token().empty()) {
    FinishRaw(reactor, Serve(ctx, now.request, &now.event, &QueryEngine::GetEventBytes), now,
              resp);
    return reactor;
  }
  // As React: a read that may wait runs on `waiters_`; FinishRaw is its last step.
  auto call = std::make_shared<RawGetEvent>(std::move(now));
  QueueOrRefuse(reactor, [this, ctx, call, resp, reactor] {
    FinishRaw(reactor, Serve(ctx, call->request, &call->event, &QueryEngine::GetEventBytes),
              *call, resp);
  });
  return reactor;
}
grpc::Status QueryServiceImpl::BatchGetEvents(grpc::ServerContext* ctx,
                                              const v1::BatchGetEventsRequest* req,
                                              v1::BatchGetEventsResponse* resp) {
  return Serve(ctx, *req, resp, &QueryEngine::BatchGetEvents);
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
grpc::ServerUnaryReactor* QueryServiceImpl::GetEventRevision(
    grpc::CallbackServerContext* ctx, const v1::GetEventRevisionRequest* req,
    v1::EventRevision* resp) {
  return React(ctx, req, resp, &QueryEngine::GetEventRevision);
}
grpc::Status QueryServiceImpl::RenderEventPage(grpc::ServerContext* ctx,
                                               const v1::RenderEventPageRequest* req,
                                               v1::RenderEventPageResponse* resp) {
  return Serve(ctx, *req, resp, &QueryEngine::RenderEventPage);
}

grpc::Status QueryServiceImpl::WatchEvents(grpc::ServerContext* ctx,
                                           const v1::WatchEventsRequest* req,
                                           grpc::ServerWriter<v1::EventChange>* writer) {
  absl::StatusOr<QueryBackend*> backend = backend_->Get();
  if (!backend.ok()) return ToGrpcStatus(backend.status());
  if ((*backend)->replica == nullptr) {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                        "WatchEvents is served by replicas (dateline-query --replicate_from); "
                        "this query reads the writer's directory");
  }
  absl::StatusOr<std::string> topic_key = QueryEngine::TopicKeyOf(req->topic());
  if (!topic_key.ok()) return ToGrpcStatus(topic_key.status());
  const ChangeLog& changes = (*backend)->replica->changes();
  uint64_t after = changes.head();
  if (!req->resume_token().empty()) {
    absl::StatusOr<uint64_t> seq = DecodeConsistencyToken(req->resume_token(), "resume_token");
    if (!seq.ok()) return ToGrpcStatus(seq.status());
    after = *seq;
  }
  while (!stopping_ && !ctx->IsCancelled()) {
    auto entries = changes.Read(after, 256, absl::Now() + absl::Seconds(1));
    if (!entries.ok()) return ToGrpcStatus(entries.status());
    for (ChangeLog::Entry& e : *entries) {
      after = e.sequence;
      const storage::v1::StoredEvent& stored = e.change.event;
      if (!topic_key->empty() &&
          std::find(stored.topic_keys().begin(), stored.topic_keys().end(), *topic_key) ==
              stored.topic_keys().end()) {
        continue;
      }
      v1::EventChange out;
      out.set_kind(static_cast<v1::EventChange::Kind>(e.change.record.kind()));
      *out.mutable_event() = stored.event();
      if (e.change.record.has_old_name()) out.set_old_name(e.change.record.old_name());
      if (e.change.record.has_absorbed_name()) {
        out.set_merged_name(e.change.record.absorbed_name());
      }
      out.set_resume_token(EncodeConsistencyToken(e.sequence));
      if (!writer->Write(out)) return grpc::Status::OK;  // the watcher went away
    }
  }
  return grpc::Status::OK;
}

}  // namespace dateline
