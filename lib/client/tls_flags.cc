#include "lib/client/tls_flags.h"

#include <cstdio>
#include <cstdlib>

#include "absl/flags/flag.h"
#include "lib/tls/credentials.h"

namespace {
std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}
}  // namespace

ABSL_FLAG(std::string, cacert, Env("DATELINE_CACERT"),
          "PEM CA bundle the server's certificate must chain to: connect with TLS "
          "(env DATELINE_CACERT)");
ABSL_FLAG(std::string, cert, Env("DATELINE_CERT"),
          "PEM client certificate for mTLS, with --key (env DATELINE_CERT)");
ABSL_FLAG(std::string, key, Env("DATELINE_KEY"),
          "PEM private key of --cert (env DATELINE_KEY)");

namespace dateline::client {

std::shared_ptr<grpc::ChannelCredentials> CredentialsFromFlags(const char* program) {
  auto credentials = tls::MakeChannelCredentials(
      {absl::GetFlag(FLAGS_cacert), absl::GetFlag(FLAGS_cert), absl::GetFlag(FLAGS_key)});
  if (!credentials.ok()) {
    std::fprintf(stderr, "%s: %s\n", program, std::string(credentials.status().message()).c_str());
    std::exit(2);
  }
  return *std::move(credentials);
}

}  // namespace dateline::client
