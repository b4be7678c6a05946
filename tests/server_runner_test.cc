// The shared server lifecycle (lib/server/server_runner) seen from outside: a real
// dateline-ingest process.
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server_process.h"

namespace dateline::testing {
namespace {

using ::testing::HasSubstr;

// A port file that cannot be written (its directory does not exist) stops the server
// with exit code 1 and a message naming the file, instead of serving on a port nobody
// can find.
TEST(ServerRunnerTest, UnwritablePortFileExitsOneNamingTheFile) {
  TempDir dir;
  const std::string port_file = dir.path() + "/missing-dir/ingest.port";
  const std::string log = dir.path() + "/ingest.log";
  const std::string cmd =
      absl::StrCat(DATELINE_INGEST_BIN, " --db=", dir.path(), "/db --listen=127.0.0.1:0",
                   " --port_file=", port_file, " --drain_delay=0s > ", log, " 2>&1");
  int rc = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(rc)) << cmd;
  EXPECT_EQ(WEXITSTATUS(rc), 1);
  std::ifstream in(log);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_THAT(ss.str(), HasSubstr(port_file));
  EXPECT_THAT(ss.str(), HasSubstr("No such file or directory"));
}

}  // namespace
}  // namespace dateline::testing
