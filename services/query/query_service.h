// gRPC adapter of the query side: consistency wait -> read view -> QueryEngine.
#ifndef DATELINE_SERVICES_QUERY_QUERY_SERVICE_H_
#define DATELINE_SERVICES_QUERY_QUERY_SERVICE_H_

#include <memory>

#include "absl/time/time.h"
#include "dateline/v1/query_service.grpc.pb.h"
#include "lib/server/ready.h"
#include "lib/store/event_store.h"
#include "lib/store/kv_store.h"
#include "services/query/query_engine.h"
#include "services/query/store_follower.h"

namespace dateline {

// Everything the query serves from, built once the secondary store is open.
struct QueryBackend {
  QueryBackend(std::unique_ptr<KvStore> kv_in, absl::Duration catchup_interval)
      : kv(std::move(kv_in)), store(kv.get()), follower(kv.get(), catchup_interval),
        engine(&store) {}
  std::unique_ptr<KvStore> kv;
  EventStore store;
  StoreFollower follower;
  QueryEngine engine;
};

class QueryServiceImpl final : public v1::QueryService::Service {
 public:
  // `max_consistency_wait` bounds the wait for a consistency token when the call has
  // no (or a later) deadline.
  QueryServiceImpl(const Ready<QueryBackend>* backend, absl::Duration max_consistency_wait)
      : backend_(backend), max_wait_(max_consistency_wait) {}

  grpc::Status GetEvent(grpc::ServerContext* ctx, const v1::GetEventRequest* req,
                        v1::Event* resp) override;
  grpc::Status ListEvents(grpc::ServerContext* ctx, const v1::ListEventsRequest* req,
                          v1::ListEventsResponse* resp) override;
  grpc::Status ListRelatedEvents(grpc::ServerContext* ctx,
                                 const v1::ListRelatedEventsRequest* req,
                                 v1::ListRelatedEventsResponse* resp) override;
  grpc::Status ListEventRevisions(grpc::ServerContext* ctx,
                                  const v1::ListEventRevisionsRequest* req,
                                  v1::ListEventRevisionsResponse* resp) override;
  grpc::Status GetEventRevision(grpc::ServerContext* ctx,
                                const v1::GetEventRevisionRequest* req,
                                v1::EventRevision* resp) override;
  grpc::Status RenderEventPage(grpc::ServerContext* ctx, const v1::RenderEventPageRequest* req,
                               v1::RenderEventPageResponse* resp) override;

 private:
  template <typename Req, typename Resp, typename Method>
  grpc::Status Serve(grpc::ServerContext* ctx, const Req& req, Resp* resp, Method method);

  const Ready<QueryBackend>* backend_;
  absl::Duration max_wait_;
};

}  // namespace dateline

#endif  // DATELINE_SERVICES_QUERY_QUERY_SERVICE_H_
