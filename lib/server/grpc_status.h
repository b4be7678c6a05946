// absl::Status -> grpc::Status, in one place for both services.
#ifndef DATELINE_LIB_SERVER_GRPC_STATUS_H_
#define DATELINE_LIB_SERVER_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace dateline {

// Same code (absl and gRPC share the canonical code numbers) and message.
grpc::Status ToGrpcStatus(const absl::Status& status);

// The reverse, for clients and tests.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace dateline

#endif  // DATELINE_LIB_SERVER_GRPC_STATUS_H_
