// The client channel datelinectl and dateline_load open to a Dateline service.
#ifndef DATELINE_LIB_CLIENT_CHANNEL_H_
#define DATELINE_LIB_CLIENT_CHANNEL_H_

#include <memory>
#include <string>

#include "grpcpp/channel.h"

namespace dateline::client {

// An insecure channel to `target` (HOST:PORT) that accepts responses up to 64 MiB
// (a full page of events is larger than gRPC's 4 MiB default).
std::shared_ptr<grpc::Channel> Connect(const std::string& target);

}  // namespace dateline::client

#endif  // DATELINE_LIB_CLIENT_CHANNEL_H_
