#include "services/query/related_cache.h"

#include <string>

#include "gtest/gtest.h"

namespace dateline {
namespace {

v1::ListRelatedEventsResponse Page(const std::string& name, size_t padding = 0) {
  v1::ListRelatedEventsResponse page;
  v1::RelatedEvent* r = page.add_related_events();
  r->set_name(name);
  r->set_headline(std::string(padding, 'x'));
  return page;
}

TEST(RelatedCacheTest, ServesAPageOnlyInTheStateItWasComputedIn) {
  RelatedCache cache(1 << 20);
  const StoreState s1{0, 10};
  cache.Put("uid|0|50", s1, Page("events/2020-01-01/a"));
  auto hit = cache.Get("uid|0|50", s1);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(hit->related_events(0).name(), "events/2020-01-01/a");
  EXPECT_FALSE(cache.Get("uid|50|50", s1).has_value());  // another page

  // A write (a later sequence) makes it stale, and it is dropped when met.
  EXPECT_FALSE(cache.Get("uid|0|50", StoreState{0, 11}).has_value());
  EXPECT_EQ(cache.entries(), 0u);
  EXPECT_EQ(cache.bytes(), 0u);

  // A replaced copy (another generation) with the same sequence is another state.
  cache.Put("uid|0|50", s1, Page("events/2020-01-01/a"));
  EXPECT_FALSE(cache.Get("uid|0|50", StoreState{1, 10}).has_value());

  // Put replaces an older page under the same key.
  cache.Put("uid|0|50", StoreState{1, 12}, Page("events/2020-01-01/b"));
  cache.Put("uid|0|50", StoreState{1, 13}, Page("events/2020-01-01/c"));
  EXPECT_EQ(cache.entries(), 1u);
  EXPECT_EQ(cache.Get("uid|0|50", StoreState{1, 13})->related_events(0).name(),
            "events/2020-01-01/c");
}

TEST(RelatedCacheTest, EvictsTheLeastRecentlyUsedBeyondItsBytes) {
  const size_t one = Page("events/2020-01-01/a", 1000).ByteSizeLong() + 1;
  RelatedCache cache(3 * one);
  const StoreState s{0, 1};
  cache.Put("a", s, Page("events/2020-01-01/a", 1000));
  cache.Put("b", s, Page("events/2020-01-01/a", 1000));
  cache.Put("c", s, Page("events/2020-01-01/a", 1000));
  EXPECT_EQ(cache.entries(), 3u);
  ASSERT_TRUE(cache.Get("a", s).has_value());  // a is now the most recently used
  cache.Put("d", s, Page("events/2020-01-01/a", 1000));
  EXPECT_EQ(cache.entries(), 3u);
  EXPECT_LE(cache.bytes(), 3 * one);
  EXPECT_FALSE(cache.Get("b", s).has_value());  // the least recently used went
  EXPECT_TRUE(cache.Get("a", s).has_value());
  EXPECT_TRUE(cache.Get("c", s).has_value());
  EXPECT_TRUE(cache.Get("d", s).has_value());

  cache.Put("huge", s, Page("events/2020-01-01/a", 10 * one));  // larger than the cache
  EXPECT_FALSE(cache.Get("huge", s).has_value());
  EXPECT_EQ(cache.entries(), 3u);
}

}  // namespace
}  // namespace dateline
