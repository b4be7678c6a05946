// QueryEngine: the read side of Dateline over an EventStore. The gRPC service only
// adapts requests to these methods.
#ifndef DATELINE_SERVICES_QUERY_QUERY_ENGINE_H_
#define DATELINE_SERVICES_QUERY_QUERY_ENGINE_H_

#include "absl/status/statusor.h"
#include "dateline/v1/query_service.pb.h"
#include "lib/store/event_store.h"
#include "services/query/related.h"
#include "services/query/related_cache.h"

namespace dateline {

// Thread-safe (reads only). Each method's errors: INVALID_ARGUMENT naming the field
// (malformed name, date, page_size, page_token), NOT_FOUND (unknown event or
// revision), store errors. Callers that need one consistent state across a request's
// reads hold a ConsistentView::Lock around the call.
class QueryEngine {
 public:
  // `related_cache` (optional, not owned) keeps ListRelatedEvents pages per store
  // state (related_cache.h).
  explicit QueryEngine(const EventStore* store, RelatedOptions related = {},
                       RelatedCache* related_cache = nullptr)
      : store_(store), related_(related), related_cache_(related_cache) {}

  absl::StatusOr<v1::Event> GetEvent(const v1::GetEventRequest& request) const;
  // GetEvent's answer serialized, taken from the stored row without parsing it
  // (EventStore::GetEventBytes): what the gRPC GetEvent sends. Errors as GetEvent.
  absl::StatusOr<std::string> GetEventBytes(const v1::GetEventRequest& request) const;
  // Up to kMaxBatchGet events in request order, all or nothing (query_service.proto).
  absl::StatusOr<v1::BatchGetEventsResponse> BatchGetEvents(
      const v1::BatchGetEventsRequest& request) const;
  static constexpr int kMaxBatchGet = 1000;
  absl::StatusOr<v1::ListEventsResponse> ListEvents(const v1::ListEventsRequest& request) const;
  absl::StatusOr<v1::ListRelatedEventsResponse> ListRelatedEvents(
      const v1::ListRelatedEventsRequest& request) const;
  absl::StatusOr<v1::ListEventRevisionsResponse> ListEventRevisions(
      const v1::ListEventRevisionsRequest& request) const;
  absl::StatusOr<v1::EventRevision> GetEventRevision(
      const v1::GetEventRevisionRequest& request) const;
  absl::StatusOr<v1::RenderEventPageResponse> RenderEventPage(
      const v1::RenderEventPageRequest& request) const;

  // The index key of a `topic` filter (ListEvents, WatchEvents); empty for no filter.
  // Errors: INVALID_ARGUMENT naming "topic".
  static absl::StatusOr<std::string> TopicKeyOf(absl::string_view topic);

 private:
  absl::StatusOr<StoredEvent> Lookup(absl::string_view name) const;

  const EventStore* store_;
  RelatedOptions related_;
  RelatedCache* related_cache_;
};

}  // namespace dateline

#endif  // DATELINE_SERVICES_QUERY_QUERY_ENGINE_H_
