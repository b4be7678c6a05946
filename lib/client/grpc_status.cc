#include "lib/client/grpc_status.h"

#include "absl/strings/str_cat.h"

namespace dateline::client {

std::string CodeName(int code) {
  if (code < 0 || code > 16) return absl::StrCat("CODE_", code);
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

std::string FormatStatus(const absl::Status& status) {
  return absl::StrCat(CodeName(static_cast<int>(status.code())), ": ",
                      status.message());
}

bool IsTransportFailure(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kCancelled:
    case absl::StatusCode::kUnimplemented:
    case absl::StatusCode::kUnauthenticated:
    case absl::StatusCode::kPermissionDenied:
      return true;
    default:
      return false;
  }
}

}  // namespace dateline::client
