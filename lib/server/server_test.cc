#include <cstdlib>

#include "absl/flags/flag.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/server/env_flags.h"
#include "lib/server/grpc_status.h"

ABSL_FLAG(std::string, test_listen, "127.0.0.1:1", "test flag");
ABSL_FLAG(int, test_bytes, 5, "test flag");

namespace dateline {
namespace {

TEST(GrpcStatusTest, KeepsCodeAndMessage) {
  grpc::Status g = ToGrpcStatus(absl::InvalidArgumentError("event.date: required"));
  EXPECT_EQ(g.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(g.error_message(), "event.date: required");
  EXPECT_EQ(ToGrpcStatus(absl::NotFoundError("x")).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ToGrpcStatus(absl::UnavailableError("x")).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  EXPECT_EQ(FromGrpcStatus(g).code(), absl::StatusCode::kInvalidArgument);
}

TEST(EnvFlagsTest, EnvironmentSetsFlagsAndBadValuesNameTheVariable) {
  EXPECT_EQ(EnvVarForFlag("max_message_bytes"), "DATELINE_MAX_MESSAGE_BYTES");
  setenv("DATELINE_TEST_LISTEN", "0.0.0.0:9", 1);
  unsetenv("DATELINE_TEST_BYTES");
  ASSERT_TRUE(ApplyEnvFlags({"test_listen", "test_bytes"}).ok());
  EXPECT_EQ(absl::GetFlag(FLAGS_test_listen), "0.0.0.0:9");
  EXPECT_EQ(absl::GetFlag(FLAGS_test_bytes), 5);
  setenv("DATELINE_TEST_BYTES", "many", 1);
  absl::Status bad = ApplyEnvFlags({"test_bytes"});
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad.message()), ::testing::HasSubstr("DATELINE_TEST_BYTES"));
  EXPECT_EQ(ApplyEnvFlags({"no_such_flag"}).code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace dateline
