// `datelinectl health`: the standard grpc.health.v1 check of both servers.
#ifndef DATELINE_TOOLS_DATELINECTL_HEALTH_CHECK_H_
#define DATELINE_TOOLS_DATELINECTL_HEALTH_CHECK_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace dateline::ctl {

// The serving status of `service` ("" = the whole server) as its enum name
// ("SERVING", "NOT_SERVING", ...). The call's error when the check fails.
absl::StatusOr<std::string> CheckHealth(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& service,
    absl::Duration timeout);

}  // namespace dateline::ctl

#endif  // DATELINE_TOOLS_DATELINECTL_HEALTH_CHECK_H_
