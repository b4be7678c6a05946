#include "lib/names/event_name.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dateline {
namespace {

using ::testing::HasSubstr;

TEST(EventNameTest, ParsesAndFormats) {
  auto name = ParseEventName("events/2017-07-30/russian-president-expels-755");
  ASSERT_TRUE(name.ok()) << name.status();
  EXPECT_EQ(name->date, "2017-07-30");
  EXPECT_EQ(name->slug, "russian-president-expels-755");
  EXPECT_EQ(name->ToString(), "events/2017-07-30/russian-president-expels-755");
  EXPECT_EQ(name->Key(), "2017-07-30/russian-president-expels-755");
}

TEST(EventNameTest, RejectsMalformedNamesNamingTheField) {
  struct Case {
    const char* name;
    const char* why;
  } cases[] = {
      {"", "required"},
      {"event/2017-07-30/x", "segments"},
      {"events/2017-07-30", "segments"},
      {"events/2017-02-29/x", "real"},
      {"events/2016-13-01/x", "real"},
      {"events/2017-7-30/x", "real"},
      {"events/2017-07-30/Upper", "slug"},
      {"events/2017-07-30/-lead", "slug"},
      {"events/2017-07-30/double--dash", "slug"},
      {"events/2017-07-30/x/y", "segments"},
  };
  for (const auto& c : cases) {
    auto got = ParseEventName(c.name, "event.revises");
    ASSERT_FALSE(got.ok()) << c.name;
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument) << c.name;
    EXPECT_THAT(got.status().message(), HasSubstr("event.revises")) << c.name;
    EXPECT_THAT(got.status().message(), HasSubstr(c.why)) << c.name;
  }
}

TEST(EventNameTest, SlugRule) {
  EXPECT_TRUE(IsSlug("a"));
  EXPECT_TRUE(IsSlug("u-s-s-2016"));
  EXPECT_FALSE(IsSlug(""));
  EXPECT_FALSE(IsSlug("-"));
  EXPECT_FALSE(IsSlug("caf\xC3\xA9"));
  EXPECT_TRUE(IsSlug(std::string(140, '9')));
  EXPECT_FALSE(IsSlug(std::string(141, '9')));
}

TEST(EventNameTest, SlugLimitIs140Bytes) {
  EXPECT_TRUE(IsSlug(std::string(140, 'a')));
  EXPECT_FALSE(IsSlug(std::string(141, 'a')));
}

TEST(EventNameTest, LeapDays) {
  EXPECT_TRUE(IsIsoDate("2016-02-29"));
  EXPECT_TRUE(IsIsoDate("2000-02-29"));
  EXPECT_FALSE(IsIsoDate("1900-02-29"));
  EXPECT_FALSE(IsIsoDate("2017-04-31"));
  EXPECT_FALSE(IsIsoDate("0000-01-01"));
}

TEST(EventNameTest, CalendarDaysIncludingLeapYears) {
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

TEST(EventNameTest, IsoDateIsExactlyZeroPaddedYyyyMmDd) {
  EXPECT_TRUE(IsIsoDate("2017-07-30"));
  EXPECT_FALSE(IsIsoDate("2017-02-29"));
  EXPECT_FALSE(IsIsoDate("2017-7-30"));
  EXPECT_FALSE(IsIsoDate("2017/07/30"));
  EXPECT_FALSE(IsIsoDate("2017-07-3a"));
  EXPECT_FALSE(IsIsoDate("2017-07-30 "));
  EXPECT_FALSE(IsIsoDate(""));
}

TEST(RevisionNameTest, ParsesNumberAndLatest) {
  auto n = ParseRevisionName("events/2017-07-30/abc/revisions/3");
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(n->revision, 3);
  EXPECT_FALSE(n->latest);
  auto latest = ParseRevisionName("events/2017-07-30/abc/revisions/latest");
  ASSERT_TRUE(latest.ok());
  EXPECT_TRUE(latest->latest);
  EXPECT_EQ(FormatRevisionName(n->event, 2), "events/2017-07-30/abc/revisions/2");
}

TEST(RevisionNameTest, RejectsBadRevisions) {
  for (const char* bad : {"events/2017-07-30/abc", "events/2017-07-30/abc/revisions/0",
                          "events/2017-07-30/abc/revisions/-1",
                          "events/2017-07-30/abc/revisions/newest",
                          "events/2017-07-30/abc/revisions/"}) {
    auto got = ParseRevisionName(bad);
    ASSERT_FALSE(got.ok()) << bad;
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(got.status().message(), HasSubstr("name")) << bad;
  }
}

}  // namespace
}  // namespace dateline
