#include "services/ingest/ingest_metrics.h"

#include "lib/metrics/registry.h"
#include "prometheus/counter.h"
#include "prometheus/histogram.h"

namespace dateline::ingest_metrics {
namespace {

struct Families {
  Families()
      : events(prometheus::BuildCounter()
                   .Name("dateline_ingest_events_total")
                   .Help("Answered submissions by outcome (rejected: answered with an error)")
                   .Register(metrics::Registry())),
        created(events.Add({{"outcome", "created"}})),
        updated(events.Add({{"outcome", "updated"}})),
        unchanged(events.Add({{"outcome", "unchanged"}})),
        rejected(events.Add({{"outcome", "rejected"}})),
        stream_requests(prometheus::BuildCounter()
                            .Name("dateline_ingest_stream_requests_total")
                            .Help("Requests received on IngestEvents bulk streams")
                            .Register(metrics::Registry())
                            .Add({})),
        stream_bytes(prometheus::BuildCounter()
                         .Name("dateline_ingest_stream_bytes_total")
                         .Help("Serialized bytes of the requests received on bulk streams")
                         .Register(metrics::Registry())
                         .Add({})),
        stream_events(prometheus::BuildHistogram()
                          .Name("dateline_ingest_stream_events")
                          .Help("Requests per finished IngestEvents bulk stream")
                          .Register(metrics::Registry())
                          .Add({}, prometheus::Histogram::BucketBoundaries{
                                       1, 10, 100, 1000, 10000, 100000, 1000000})),
        wal_sync(prometheus::BuildHistogram()
                     .Name("dateline_wal_sync_duration_seconds")
                     .Help("Duration of each write-ahead log sync (one per group commit)")
                     .Register(metrics::Registry())
                     .Add({}, metrics::LatencyBuckets())) {}
  prometheus::Family<prometheus::Counter>& events;
  prometheus::Counter& created;
  prometheus::Counter& updated;
  prometheus::Counter& unchanged;
  prometheus::Counter& rejected;
  prometheus::Counter& stream_requests;
  prometheus::Counter& stream_bytes;
  prometheus::Histogram& stream_events;
  prometheus::Histogram& wal_sync;
};

Families& F() {
  static auto* f = new Families();
  return *f;
}

}  // namespace

void CountAnswer(const v1::IngestEventResponse& response) {
  if (response.has_error()) {
    F().rejected.Increment();
    return;
  }
  switch (response.outcome()) {
    case v1::IngestEventResponse::CREATED:
      F().created.Increment();
      break;
    case v1::IngestEventResponse::UPDATED:
      F().updated.Increment();
      break;
    case v1::IngestEventResponse::UNCHANGED:
      F().unchanged.Increment();
      break;
    default:
      break;
  }
}

void CountRejected() { F().rejected.Increment(); }

void CountStreamRequest(size_t bytes) {
  F().stream_requests.Increment();
  F().stream_bytes.Increment(static_cast<double>(bytes));
}

void ObserveStreamEnd(int64_t requests) {
  F().stream_events.Observe(static_cast<double>(requests));
}

void ObserveWalSync(double seconds) { F().wal_sync.Observe(seconds); }

}  // namespace dateline::ingest_metrics
