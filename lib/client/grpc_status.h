// Conversions between gRPC statuses, google.rpc codes and absl::Status for the
// Dateline client tools.
#ifndef DATELINE_LIB_CLIENT_GRPC_STATUS_H_
#define DATELINE_LIB_CLIENT_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include <string>

#include "absl/status/status.h"
#include "lib/server/grpc_status.h"

namespace dateline::client {

// The server-side mapping, shared (lib/server/grpc_status.h).
using ::dateline::FromGrpcStatus;

// The canonical upper-case name of a google.rpc code ("INVALID_ARGUMENT");
// codes outside the known range give "CODE_<n>".
std::string CodeName(int code);

// `CODE: message`, the form datelinectl prints errors in.
std::string FormatStatus(const absl::Status& status);

// True for codes that mean the call did not reach a working server, or was cut
// off: the import stops on these instead of counting a rejection.
bool IsTransportFailure(absl::StatusCode code);

}  // namespace dateline::client

#endif  // DATELINE_LIB_CLIENT_GRPC_STATUS_H_
