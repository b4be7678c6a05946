#include "services/query/page_token.h"

#include "gtest/gtest.h"

namespace dateline {
namespace {

TEST(PageTokenTest, RoundTripsPosition) {
  std::string t = EncodePageToken("date=2017-07-30", std::string("2017-07-30/a\0b", 14));
  auto pos = DecodePageToken(t, "date=2017-07-30");
  ASSERT_TRUE(pos.ok()) << pos.status();
  EXPECT_EQ(*pos, std::string("2017-07-30/a\0b", 14));
  EXPECT_EQ(*DecodePageToken("", "anything"), "");
}

TEST(PageTokenTest, RejectsOtherParametersAndGarbage) {
  std::string t = EncodePageToken("date=2017-07-30", "x");
  EXPECT_EQ(DecodePageToken(t, "date=2017-07-31").status().code(),
            absl::StatusCode::kInvalidArgument);
  for (const char* bad : {"garbage", "cDE6", "!!", "cDI6MDAwMDAwMDAwMDAwMDAwMDp4"}) {
    auto got = DecodePageToken(bad, "date=2017-07-30");
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(PageTokenTest, TokensAreStable) {
  // "p1:" + FNV-1a 64 of the parameters (Dateline's offset basis, lib/common/fnv.h)
  // + ":" + position: tokens handed out before an upgrade stay valid after it.
  EXPECT_EQ(EncodePageToken("date=2017-07-30", "x"), "cDE6MTY5ZjQ1MTg4ZGQyZGQxMjp4");
  EXPECT_EQ(EncodePageToken("", ""), "cDE6MTQ2NTBmYjA3MzlkMDM4Mzo");
  EXPECT_EQ(*DecodePageToken("cDE6MTY5ZjQ1MTg4ZGQyZGQxMjp4", "date=2017-07-30"), "x");
}

TEST(PageTokenTest, PageSizeRules) {
  EXPECT_EQ(*EffectivePageSize(0), kDefaultPageSize);
  EXPECT_EQ(*EffectivePageSize(7), 7);
  EXPECT_EQ(*EffectivePageSize(5000), kMaxPageSize);
  EXPECT_EQ(EffectivePageSize(-1).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace dateline
