#include "lib/page/date_time.h"

#include <string>

#include "gtest/gtest.h"

namespace dateline::page {
namespace {

TEST(DateTimeTest, CalendarDaysIncludingLeapYears) {
  struct Case {
    int y, m, d;
    bool ok;
  };
  const Case cases[] = {
      {2016, 2, 29, true},  {2017, 2, 29, false}, {2000, 2, 29, true},
      {1900, 2, 29, false}, {2017, 4, 30, true},  {2017, 4, 31, false},
      {2017, 12, 31, true}, {2017, 13, 1, false}, {2017, 0, 1, false},
      {2017, 1, 0, false},  {0, 1, 1, false},     {9999, 12, 31, true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::to_string(c.y) + "-" + std::to_string(c.m) + "-" +
                 std::to_string(c.d));
    EXPECT_EQ(IsCalendarDay(c.y, c.m, c.d), c.ok);
  }
}

TEST(DateTimeTest, IsoDate) {
  EXPECT_TRUE(IsIsoDate("2017-07-30"));
  EXPECT_TRUE(IsIsoDate("2016-02-29"));
  EXPECT_FALSE(IsIsoDate("2017-02-29"));
  EXPECT_FALSE(IsIsoDate("2017-7-30"));
  EXPECT_FALSE(IsIsoDate("2017/07/30"));
  EXPECT_FALSE(IsIsoDate("2017-07-3a"));
  EXPECT_FALSE(IsIsoDate("2017-07-30 "));
  EXPECT_FALSE(IsIsoDate(""));
}

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
