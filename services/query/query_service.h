// gRPC adapter of the query side: consistency wait -> read view -> QueryEngine.
//
// The point reads (GetEvent, GetEventRevision) use gRPC's callback API: served on the
// thread that received them, with no handoff to a synchronous worker thread (the
// measured effect is in docs/benchmarks.md). A read with a consistency token may have
// to wait, which a callback thread must not do: those go to a BlockingPool. Batches
// and scans (BatchGetEvents, ListEvents, ListRelatedEvents, ListEventRevisions,
// RenderEventPage) and WatchEvents stay synchronous: they run long enough to be worth
// a thread of their own.
#ifndef DATELINE_SERVICES_QUERY_QUERY_SERVICE_H_
#define DATELINE_SERVICES_QUERY_QUERY_SERVICE_H_

#include <atomic>
#include <functional>
#include <memory>

#include "absl/time/time.h"
#include "grpcpp/support/byte_buffer.h"
#include "dateline/v1/query_service.grpc.pb.h"
#include "lib/replication/replica.h"
#include "lib/server/blocking_pool.h"
#include "lib/server/ready.h"
#include "lib/store/event_store.h"
#include "lib/store/kv_store.h"
#include "services/query/query_engine.h"
#include "services/query/related_cache.h"
#include "services/query/store_follower.h"

namespace dateline {

// Everything the query serves from, built once the store is open: either the
// writer's directory opened as a RocksDB secondary (kept caught up by a
// StoreFollower), or a replica's own copy (lib/replication/replica.h).
struct QueryBackend {
  // related_cache_bytes: ListRelatedEvents pages kept (RelatedCache); 0 = none.
  QueryBackend(std::unique_ptr<KvStore> secondary, absl::Duration catchup_interval,
               size_t related_cache_bytes = 0)
      : owned_kv(std::move(secondary)),
        follower(std::make_unique<StoreFollower>(owned_kv.get(), catchup_interval)),
        view(follower.get()),
        related_cache(MakeCache(related_cache_bytes)),
        store(owned_kv.get()),
        engine(&store, {}, related_cache.get()) {}
  explicit QueryBackend(std::unique_ptr<Replica> r, size_t related_cache_bytes = 0)
      : replica(std::move(r)),
        view(replica.get()),
        related_cache(MakeCache(related_cache_bytes)),
        store(replica->kv()),
        engine(&store, {}, related_cache.get()) {}

  std::unique_ptr<KvStore> owned_kv;
  std::unique_ptr<StoreFollower> follower;
  std::unique_ptr<Replica> replica;  // set in replica mode only
  ConsistentView* view;
  std::unique_ptr<RelatedCache> related_cache;  // null when off
  EventStore store;
  QueryEngine engine;

 private:
  static std::unique_ptr<RelatedCache> MakeCache(size_t bytes) {
    return bytes == 0 ? nullptr : std::make_unique<RelatedCache>(bytes);
  }
};

// GetEvent is a raw callback method: it parses the request itself and sends the
// stored event's bytes as they are (QueryEngine::GetEventBytes), without building an
// Event message to serialize again. Clients see the same dateline.v1.Event.
using QueryServiceBase = v1::QueryService::WithRawCallbackMethod_GetEvent<
    v1::QueryService::WithCallbackMethod_GetEventRevision<v1::QueryService::Service>>;

class QueryServiceImpl final : public QueryServiceBase {
 public:
  // `max_consistency_wait` bounds the wait for a consistency token when the call has
  // no (or a later) deadline. At most `max_waiting` point reads wait for tokens at
  // once (more are queued, up to as many again; beyond that RESOURCE_EXHAUSTED).
  QueryServiceImpl(const Ready<QueryBackend>* backend, absl::Duration max_consistency_wait,
                   int max_waiting = 256)
      : backend_(backend), max_wait_(max_consistency_wait),
        waiters_(max_waiting, static_cast<size_t>(max_waiting)) {}

  // Errors beyond QueryEngine's: INVALID_ARGUMENT when the request does not parse.
  grpc::ServerUnaryReactor* GetEvent(grpc::CallbackServerContext* ctx,
                                     const grpc::ByteBuffer* req,
                                     grpc::ByteBuffer* resp) override;
  grpc::ServerUnaryReactor* GetEventRevision(grpc::CallbackServerContext* ctx,
                                             const v1::GetEventRevisionRequest* req,
                                             v1::EventRevision* resp) override;
  grpc::Status BatchGetEvents(grpc::ServerContext* ctx, const v1::BatchGetEventsRequest* req,
                              v1::BatchGetEventsResponse* resp) override;
  grpc::Status ListEvents(grpc::ServerContext* ctx, const v1::ListEventsRequest* req,
                          v1::ListEventsResponse* resp) override;
  grpc::Status ListRelatedEvents(grpc::ServerContext* ctx,
                                 const v1::ListRelatedEventsRequest* req,
                                 v1::ListRelatedEventsResponse* resp) override;
  grpc::Status ListEventRevisions(grpc::ServerContext* ctx,
                                  const v1::ListEventRevisionsRequest* req,
                                  v1::ListEventRevisionsResponse* resp) override;
  grpc::Status RenderEventPage(grpc::ServerContext* ctx, const v1::RenderEventPageRequest* req,
                               v1::RenderEventPageResponse* resp) override;
  grpc::Status WatchEvents(grpc::ServerContext* ctx, const v1::WatchEventsRequest* req,
                           grpc::ServerWriter<v1::EventChange>* writer) override;

  // Ends open WatchEvents streams soon (server shutdown).
  void Stop() { stopping_ = true; }

 private:
  // Waits for the request's consistency token (if any), then reads under the view.
  template <typename Req, typename Resp, typename Method>
  grpc::Status Serve(grpc::ServerContextBase* ctx, const Req& req, Resp* resp, Method method);
  // Serve for a callback method: inline without a token, on `waiters_` with one.
  template <typename Req, typename Resp, typename Method>
  grpc::ServerUnaryReactor* React(grpc::CallbackServerContext* ctx, const Req* req, Resp* resp,
                                  Method method);
  // Runs `task`, a read that waits for its token and finishes `reactor` as its last
  // step, on `waiters_`; finishes `reactor` RESOURCE_EXHAUSTED when they are all taken.
  void QueueOrRefuse(grpc::ServerUnaryReactor* reactor, std::function<void()> task);

  const Ready<QueryBackend>* backend_;
  absl::Duration max_wait_;
  std::atomic<bool> stopping_{false};
  // Last member: destroyed first, running (and so finishing) any call still queued.
  BlockingPool waiters_;
};

}  // namespace dateline

#endif  // DATELINE_SERVICES_QUERY_QUERY_SERVICE_H_
