// Who may call a method: an allow-list of peer identities, checked against the
// client certificate of an mTLS connection (its SAN DNS names and URIs, e.g. a SPIFFE
// id). The ingest's write methods use --allowed_writers, its replication service
// --allowed_replicas.
#ifndef DATELINE_LIB_TLS_AUTHORIZATION_H_
#define DATELINE_LIB_TLS_AUTHORIZATION_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "grpcpp/security/auth_context.h"
#include "grpcpp/server_context.h"

namespace dateline::tls {

// The SAN DNS names and URIs of the peer's verified certificate (none on plaintext or
// without a client certificate).
std::vector<std::string> PeerIdentities(const grpc::AuthContext& auth);

class Authorizer {
 public:
  // `allowed` empty: everyone may call (no rule). `flag` names the rule in errors.
  Authorizer(std::vector<std::string> allowed, std::string flag)
      : allowed_(std::move(allowed)), flag_(std::move(flag)) {}

  bool enabled() const { return !allowed_.empty(); }

  // OK when there is no rule or one of the peer's identities is allowed; otherwise
  // PERMISSION_DENIED naming the rule and the identities presented.
  absl::Status Check(const grpc::AuthContext& auth) const;
  absl::Status Check(const grpc::ServerContextBase& context) const;

 private:
  std::vector<std::string> allowed_;
  std::string flag_;
};

}  // namespace dateline::tls

#endif  // DATELINE_LIB_TLS_AUTHORIZATION_H_
