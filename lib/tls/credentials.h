// gRPC credentials from PEM files: the servers' --tls_cert/--tls_key/--tls_client_ca
// and the clients' --cacert/--cert/--key. Empty settings mean plaintext (the loopback
// default).
#ifndef DATELINE_LIB_TLS_CREDENTIALS_H_
#define DATELINE_LIB_TLS_CREDENTIALS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"

namespace dateline::tls {

struct ServerTlsFiles {
  std::string cert;       // PEM certificate chain of the server
  std::string key;        // PEM private key
  std::string client_ca;  // PEM CA bundle; set: client certificates required (mTLS)
};

// Plaintext when cert and key are empty; TLS otherwise, and mTLS (client certificate
// required and verified against client_ca) when client_ca is set. Errors:
// INVALID_ARGUMENT naming the flag (--tls_cert without --tls_key or the reverse,
// --tls_client_ca without them, a file that cannot be read).
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerTlsFiles& files);

struct ClientTlsFiles {
  std::string cacert;  // PEM CA bundle the server's certificate must chain to
  std::string cert;    // PEM client certificate (for mTLS), with key
  std::string key;
};

// Plaintext when all are empty; TLS otherwise (cacert empty: the system roots).
// Errors: INVALID_ARGUMENT naming the flag (--cert without --key or the reverse, a
// file that cannot be read); flags are named `flag_prefix` + cacert/cert/key.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const ClientTlsFiles& files, const std::string& flag_prefix = "--");

}  // namespace dateline::tls

#endif  // DATELINE_LIB_TLS_CREDENTIALS_H_
