#include "lib/tls/authorization.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "grpc/grpc_security_constants.h"

namespace dateline::tls {

std::vector<std::string> PeerIdentities(const grpc::AuthContext& auth) {
  std::vector<std::string> out;
  if (!auth.IsPeerAuthenticated()) return out;
  for (const char* property : {GRPC_PEER_DNS_PROPERTY_NAME, GRPC_PEER_URI_PROPERTY_NAME}) {
    for (const grpc::string_ref& v : auth.FindPropertyValues(property)) {
      out.emplace_back(v.data(), v.size());
    }
  }
  return out;
}

absl::Status Authorizer::Check(const grpc::AuthContext& auth) const {
  if (allowed_.empty()) return absl::OkStatus();
  std::vector<std::string> ids = PeerIdentities(auth);
  for (const std::string& id : ids) {
    if (std::find(allowed_.begin(), allowed_.end(), id) != allowed_.end()) {
      return absl::OkStatus();
    }
  }
  return absl::PermissionDeniedError(absl::StrCat(
      "caller not in ", flag_, " (its certificate names ",
      ids.empty() ? "no identity" : absl::StrJoin(ids, ", "), ")"));
}

absl::Status Authorizer::Check(const grpc::ServerContextBase& context) const {
  if (allowed_.empty()) return absl::OkStatus();
  std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth == nullptr) {
    return absl::PermissionDeniedError(absl::StrCat("caller not in ", flag_,
                                                    " (no authenticated peer)"));
  }
  return Check(*auth);
}

}  // namespace dateline::tls
