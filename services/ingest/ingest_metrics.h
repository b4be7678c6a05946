// The ingest's own metrics (lib/metrics/registry.h):
//
//   dateline_ingest_events_total{outcome}     answered submissions: created, updated,
//                                             unchanged, rejected (an error answer)
//   dateline_ingest_stream_requests_total     requests received on bulk streams
//   dateline_ingest_stream_bytes_total        their serialized bytes
//   dateline_ingest_stream_events             histogram: requests per bulk stream
//   dateline_wal_sync_duration_seconds        histogram: each WAL sync (its _count is
//                                             the number of syncs)
#ifndef DATELINE_SERVICES_INGEST_INGEST_METRICS_H_
#define DATELINE_SERVICES_INGEST_INGEST_METRICS_H_

#include <cstddef>
#include <cstdint>

#include "dateline/v1/ingest_service.pb.h"

namespace dateline::ingest_metrics {

// One answer: its outcome, or "rejected" when it carries an error.
void CountAnswer(const v1::IngestEventResponse& response);
// A request that failed as a whole (unary calls answer errors as a status).
void CountRejected();
void CountStreamRequest(size_t bytes);
void ObserveStreamEnd(int64_t requests);
void ObserveWalSync(double seconds);

}  // namespace dateline::ingest_metrics

#endif  // DATELINE_SERVICES_INGEST_INGEST_METRICS_H_
