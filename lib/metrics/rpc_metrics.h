// A gRPC server interceptor counting every RPC by method and status code, timing it
// (histogram, seconds) and keeping the number in flight:
//
//   dateline_rpc_requests_total{method, code}      counter  (code: "OK", "NOT_FOUND", ...)
//   dateline_rpc_duration_seconds{method}          histogram, start to status sent
//   dateline_rpc_in_flight{method}                 gauge
//
// `method` is the full gRPC method ("/dateline.v1.QueryService/GetEvent") when it names
// a method of a service the binary links, else "unknown", so its values are bounded
// whatever paths clients send.
#ifndef DATELINE_LIB_METRICS_RPC_METRICS_H_
#define DATELINE_LIB_METRICS_RPC_METRICS_H_

#include <memory>

#include "grpcpp/support/server_interceptor.h"

namespace dateline::metrics {

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeRpcMetricsInterceptorFactory();

}  // namespace dateline::metrics

#endif  // DATELINE_LIB_METRICS_RPC_METRICS_H_
