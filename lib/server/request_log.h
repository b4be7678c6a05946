// A server interceptor that logs one line per RPC: method, status code, milliseconds.
#ifndef DATELINE_LIB_SERVER_REQUEST_LOG_H_
#define DATELINE_LIB_SERVER_REQUEST_LOG_H_

#include <memory>

#include "grpcpp/support/server_interceptor.h"

namespace dateline {

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeRequestLogInterceptorFactory();

}  // namespace dateline

#endif  // DATELINE_LIB_SERVER_REQUEST_LOG_H_
