// The client channel datelinectl and dateline_load open to a Dateline service.
#ifndef DATELINE_LIB_CLIENT_CHANNEL_H_
#define DATELINE_LIB_CLIENT_CHANNEL_H_

#include <memory>
#include <string>

#include "grpcpp/channel.h"
#include "grpcpp/security/credentials.h"

namespace dateline::client {

// A channel to `target` (HOST:PORT) that accepts responses up to 64 MiB (a full page
// of events is larger than gRPC's 4 MiB default), over `credentials` (null:
// plaintext; TLS ones from tls_flags.h).
std::shared_ptr<grpc::Channel> Connect(
    const std::string& target, std::shared_ptr<grpc::ChannelCredentials> credentials = nullptr);

}  // namespace dateline::client

#endif  // DATELINE_LIB_CLIENT_CHANNEL_H_
