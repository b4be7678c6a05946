#include "lib/normalize/date.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dateline {
namespace {

using ::testing::HasSubstr;

TEST(NormalizeDateTest, AcceptsUnambiguousForms) {
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"2017-07-30", "2017-07-30"},      {" 2017-07-30 ", "2017-07-30"},
      {"2017-7-3", "2017-07-03"},        {"2017/07/30", "2017-07-30"},
      {"2017/2/9", "2017-02-09"},        {"20170730", "2017-07-30"},
      {"2017-07-30T23:59:59Z", "2017-07-30"}, {"2017-07-30T01:00:00+05:00", "2017-07-30"},
      {"July 30, 2017", "2017-07-30"},   {"jul 30 2017", "2017-07-30"},
      {"30 July 2017", "2017-07-30"},    {"29 February 2016", "2016-02-29"},
      {"Sept 1, 2020", "2020-09-01"},
  };
  for (const auto& c : cases) {
    auto got = NormalizeDate(c.in, "event.date");
    ASSERT_TRUE(got.ok()) << c.in << ": " << got.status();
    EXPECT_EQ(*got, c.out) << c.in;
  }
}

TEST(NormalizeDateTest, RejectsImpossibleAndAmbiguousDates) {
  struct Case {
    const char* in;
    const char* why;
  } cases[] = {
      {"", "required"},
      {"2017-02-29", "real calendar day"},
      {"2017-04-31", "real calendar day"},
      {"2017-13-01", "real calendar day"},
      {"0000-01-01", "real calendar day"},
      {"07/30/2017", "not a date"},   // US order is ambiguous in general
      {"30/07/2017", "not a date"},
      {"yesterday", "not a date"},
      {"2017-07", "not a date"},
      {"Smarch 3, 2017", "not a date"},
  };
  for (const auto& c : cases) {
    auto got = NormalizeDate(c.in, "event.date");
    ASSERT_FALSE(got.ok()) << c.in;
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument) << c.in;
    EXPECT_THAT(got.status().message(), HasSubstr("event.date")) << c.in;
    EXPECT_THAT(got.status().message(), HasSubstr(c.why)) << c.in;
  }
}

}  // namespace
}  // namespace dateline
