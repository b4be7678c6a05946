#include "lib/page/date_time.h"

#include <string>

#include "gtest/gtest.h"

namespace dateline::page {
namespace {

TEST(DateTimeTest, IsoDateTime) {
  EXPECT_TRUE(IsIsoDateTime("2017-08-02 07:30:05"));
  EXPECT_TRUE(IsIsoDateTime("2017-08-02 23:59:59"));
  EXPECT_FALSE(IsIsoDateTime("2017-08-02 24:00:00"));
  EXPECT_FALSE(IsIsoDateTime("2017-08-02 07:60:05"));
  EXPECT_FALSE(IsIsoDateTime("2017-08-02 07:30:60"));
  EXPECT_FALSE(IsIsoDateTime("2017-08-32 07:30:05"));
  EXPECT_FALSE(IsIsoDateTime("2017-08-02T07:30:05"));
  EXPECT_FALSE(IsIsoDateTime("2017-08-02 7:30:05"));
}

TEST(DateTimeTest, ParseDecimal) {
  int v = -1;
  EXPECT_TRUE(ParseDecimal("09", 2, &v));
  EXPECT_EQ(v, 9);
  EXPECT_FALSE(ParseDecimal("", 2, &v));
  EXPECT_FALSE(ParseDecimal("123", 2, &v));
  EXPECT_FALSE(ParseDecimal("-1", 2, &v));
  EXPECT_FALSE(ParseDecimal("1 ", 2, &v));
}

}  // namespace
}  // namespace dateline::page
