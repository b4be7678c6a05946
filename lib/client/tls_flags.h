// The clients' TLS flags, shared by datelinectl and dateline_load:
//   --cacert FILE   PEM CA bundle the server's certificate must chain to (TLS)
//   --cert FILE     PEM client certificate, with --key (mTLS)
//   --key FILE      its PEM private key
// None set: plaintext. Each also settable as DATELINE_CACERT, DATELINE_CERT,
// DATELINE_KEY.
#ifndef DATELINE_LIB_CLIENT_TLS_FLAGS_H_
#define DATELINE_LIB_CLIENT_TLS_FLAGS_H_

#include <memory>
#include <string>

#include "absl/flags/declare.h"
#include "grpcpp/security/credentials.h"

ABSL_DECLARE_FLAG(std::string, cacert);
ABSL_DECLARE_FLAG(std::string, cert);
ABSL_DECLARE_FLAG(std::string, key);

namespace dateline::client {

// Credentials from the flags (call after parsing them); exits 2 with a message naming
// the flag when they are inconsistent or a file cannot be read.
std::shared_ptr<grpc::ChannelCredentials> CredentialsFromFlags(const char* program);

}  // namespace dateline::client

#endif  // DATELINE_LIB_CLIENT_TLS_FLAGS_H_
