#include "lib/server/env_flags.h"

#include <cstdio>
#include <cstdlib>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace dateline {

std::string EnvVarForFlag(absl::string_view flag_name) {
  return absl::StrCat("DATELINE_", absl::AsciiStrToUpper(flag_name));
}

absl::Status ApplyEnvFlags(const std::vector<std::string>& flag_names) {
  for (const std::string& name : flag_names) {
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    if (flag == nullptr) return absl::NotFoundError(absl::StrCat("no flag --", name));
    std::string var = EnvVarForFlag(name);
    const char* value = std::getenv(var.c_str());
    if (value == nullptr) continue;
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      return absl::InvalidArgumentError(
          absl::StrCat(var, "=\"", value, "\": ", error));
    }
  }
  return absl::OkStatus();
}

std::vector<char*> ParseFlagsWithEnv(int argc, char** argv,
                                     const std::vector<std::string>& flag_names,
                                     absl::string_view usage) {
  absl::SetProgramUsageMessage(usage);
  absl::Status env = ApplyEnvFlags(flag_names);
  if (!env.ok()) {
    std::fprintf(stderr, "%s: %s\n", argv[0], std::string(env.message()).c_str());
    std::exit(2);
  }
  return absl::ParseCommandLine(argc, argv);
}

}  // namespace dateline
