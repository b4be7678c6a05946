// Flags from environment variables: every flag NAME may also be given as the variable
// DATELINE_NAME (upper case), e.g. DATELINE_LISTEN for --listen. A flag given on the
// command line wins over the environment, which wins over the default.
#ifndef DATELINE_LIB_SERVER_ENV_FLAGS_H_
#define DATELINE_LIB_SERVER_ENV_FLAGS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace dateline {

// "listen" -> "DATELINE_LISTEN".
std::string EnvVarForFlag(absl::string_view flag_name);

// Sets each named flag from its variable when that is set. Call before
// absl::ParseCommandLine. Errors: INVALID_ARGUMENT naming the variable when its
// value does not parse; NOT_FOUND for an unknown flag name (a programming error).
absl::Status ApplyEnvFlags(const std::vector<std::string>& flag_names);

// Parses the command line after applying the environment; exits 2 with a message on
// a bad environment value. Returns the positional arguments (argv[0] first).
std::vector<char*> ParseFlagsWithEnv(int argc, char** argv,
                                     const std::vector<std::string>& flag_names,
                                     absl::string_view usage);

}  // namespace dateline

#endif  // DATELINE_LIB_SERVER_ENV_FLAGS_H_
