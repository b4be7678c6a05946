#include "lib/normalize/sources.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dateline {
namespace {

using ::testing::HasSubstr;

v1::Source Src(const std::string& name, const std::string& url) {
  v1::Source s;
  s.set_name(name);
  if (!url.empty()) s.set_url(url);
  return s;
}

TEST(SourcesTest, TrimsDropsExactDuplicatesKeepsOrder) {
  google::protobuf::RepeatedPtrField<v1::Source> in;
  *in.Add() = Src("  CNN ", "http://cnn.com/a");
  *in.Add() = Src("BBC", "");
  *in.Add() = Src("CNN", "http://cnn.com/a");  // duplicate after trimming
  *in.Add() = Src("CNN", "http://cnn.com/b");  // same outlet, other article: kept
  *in.Add() = Src("BBC", "");
  auto out = NormalizeSources(in, "event.sources");
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->size(), 3);
  EXPECT_EQ((*out)[0].name(), "CNN");
  EXPECT_EQ((*out)[1].name(), "BBC");
  EXPECT_FALSE((*out)[1].has_url());
  EXPECT_EQ((*out)[2].url(), "http://cnn.com/b");
}

TEST(SourcesTest, RejectsBadUrlsNamingTheElement) {
  for (const char* url : {"ftp://x.org/a", "www.cnn.com", "http://", "http:// spaced.com",
                          "javascript:alert(1)", "https:///path"}) {
    google::protobuf::RepeatedPtrField<v1::Source> in;
    *in.Add() = Src("A", "http://ok.com");
    *in.Add() = Src("B", url);
    auto out = NormalizeSources(in, "event.sources");
    ASSERT_FALSE(out.ok()) << url;
    EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(out.status().message(), HasSubstr("event.sources[1].url")) << url;
  }
}

TEST(SourcesTest, RequiresName) {
  google::protobuf::RepeatedPtrField<v1::Source> in;
  *in.Add() = Src("   ", "http://ok.com");
  auto out = NormalizeSources(in, "event.sources");
  ASSERT_FALSE(out.ok());
  EXPECT_THAT(out.status().message(), HasSubstr("event.sources[0].name: required"));
}

TEST(SourcesTest, AcceptsHttpAndHttpsUrls) {
  EXPECT_TRUE(IsHttpUrl("http://www.bbc.com/news/world-us-canada-38463025"));
  EXPECT_TRUE(IsHttpUrl("HTTPS://example.org"));
  EXPECT_TRUE(IsHttpUrl("https://user@host:8080/p?q=1#f"));
}

}  // namespace
}  // namespace dateline
