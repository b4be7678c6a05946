// Drives one IngestEvents bidi stream with a bounded window of unanswered
// requests: requests are written from one thread while responses are read on
// the calling thread, so throughput is not bound by the round-trip latency.
#ifndef DATELINE_LIB_CLIENT_INGEST_STREAM_H_
#define DATELINE_LIB_CLIENT_INGEST_STREAM_H_

#include <grpcpp/client_context.h>

#include <cstdint>
#include <functional>

#include "absl/status/statusor.h"
#include "dateline/v1/ingest_service.grpc.pb.h"

namespace dateline::client {

struct IngestStreamStats {
  int64_t sent = 0;
  int64_t received = 0;
  int64_t max_in_flight = 0;  // never above the window
};

// Fills `request` (cleared before each call) and `tag` with the next request to
// send and returns true, or returns false at the end. Called on the writer
// thread only.
using NextRequestFn = std::function<bool(
    dateline::v1::IngestEventRequest* request, int64_t* tag)>;
// Called on the calling thread for each response, in request order, with the
// tag of the request it answers.
using ResponseFn = std::function<void(
    int64_t tag, const dateline::v1::IngestEventResponse& response)>;

// Streams requests from `next` until it returns false, keeping at most `window`
// (>= 1) requests unanswered, and hands every response to `on_response`.
//
// Returns the stats when the server answered every request and closed the
// stream with OK. Otherwise returns the stream's status (e.g. UNAVAILABLE when
// the server is unreachable or went away, RESOURCE_EXHAUSTED for an oversize
// message), or INTERNAL when the server broke the protocol (a response too
// many, an `index` out of order, or OK before answering everything). Responses
// received before a failure have been handed to `on_response`.
absl::StatusOr<IngestStreamStats> RunIngestStream(
    dateline::v1::IngestService::StubInterface* stub,
    grpc::ClientContext* context, int window, const NextRequestFn& next,
    const ResponseFn& on_response);

}  // namespace dateline::client

#endif  // DATELINE_LIB_CLIENT_INGEST_STREAM_H_
