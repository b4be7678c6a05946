#include "services/query/page_render.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dateline {
namespace {

using ::testing::HasSubstr;

v1::EventRevision Rev(int64_t n, const std::string& headline, const std::string& slug,
                      int64_t seconds) {
  v1::EventRevision r;
  r.set_revision(n);
  r.set_headline(headline);
  r.set_slug(slug);
  r.set_date("2019-04-15");
  r.mutable_observe_time()->set_seconds(seconds);
  return r;
}

StoredEvent Event() {
  StoredEvent e;
  e.mutable_event()->set_name("events/2019-04-15/b");
  e.mutable_event()->set_date("2019-04-15");
  e.mutable_event()->set_slug("b");
  e.mutable_event()->set_headline("B.");
  auto* s = e.mutable_event()->add_sources();
  s->set_name("BBC");
  s->set_url("http://bbc.co.uk/x");
  return e;
}

TEST(PageRenderTest, ConsecutiveRevisionsOfOneVersionAreOneChangesEntry) {
  // A, A (re-observed with other sources), B, B: two versions.
  std::vector<v1::EventRevision> revs = {Rev(1, "A.", "a", 1555300000),
                                         Rev(2, "A.", "a", 1555400000),
                                         Rev(3, "B.", "b", 1555500000),
                                         Rev(4, "B.", "b", 1555600000)};
  page::ArchivePage pg = BuildArchivePage(Event(), revs, {});
  ASSERT_EQ(pg.changes.size(), 2u);
  EXPECT_EQ(pg.changes[0].kind, page::ChangeKind::kFirst);
  EXPECT_EQ(pg.changes[0].time, "2019-04-15 03:46:40");  // the first observation
  EXPECT_EQ(pg.changes[0].link, "/news/2019/04/15/a.md");
  EXPECT_EQ(pg.changes[1].kind, page::ChangeKind::kCurrent);
  EXPECT_TRUE(pg.changes[1].time.empty());
}

TEST(PageRenderTest, OneVersionHasNoChangesSection) {
  std::vector<v1::EventRevision> revs = {Rev(1, "B.", "b", 1), Rev(2, "B.", "b", 2)};
  page::ArchivePage pg = BuildArchivePage(Event(), revs, {});
  EXPECT_TRUE(pg.changes.empty());
}

TEST(PageRenderTest, KeepsImportedLinkSpellingOnlyWhereItNamesTheSameVersion) {
  StoredEvent e = Event();
  e.mutable_page()->add_change_links("/news/2019/4/15/a.md");    // matches version 1
  e.mutable_page()->add_change_links("/news/2019/04/15/zzz.md");  // stale: ignored
  std::vector<v1::EventRevision> revs = {Rev(1, "A.", "a", 1), Rev(2, "B.", "b", 2)};
  page::ArchivePage pg = BuildArchivePage(e, revs, {});
  ASSERT_EQ(pg.changes.size(), 2u);
  EXPECT_EQ(pg.changes[0].link, "/news/2019/4/15/a.md");
  EXPECT_EQ(pg.changes[1].link, "/news/2019/04/15/b.md");
}

TEST(PageRenderTest, ComputedRelatedOnlyWithoutCuratedLinks) {
  v1::RelatedEvent computed;
  computed.set_name("events/2019-04-16/c");
  computed.set_headline("C.");
  computed.add_context("Paris");
  computed.add_context("Fire");
  page::ArchivePage pg = BuildArchivePage(Event(), {}, {computed});
  ASSERT_EQ(pg.related.size(), 1u);
  EXPECT_EQ(pg.related[0].link, "/news/2019/04/16/c.md");
  EXPECT_EQ(pg.related[0].context, "Paris, Fire");

  StoredEvent curated = Event();
  auto* link = curated.mutable_event()->add_related();
  link->set_name("events/2019-04-17/d");
  link->set_headline("D.");
  link->set_link("/news/2019/04/17/d.md");
  link->add_context(" Odd spacing");
  pg = BuildArchivePage(curated, {}, {computed});
  ASSERT_EQ(pg.related.size(), 1u);
  EXPECT_EQ(pg.related[0].context, " Odd spacing");
  auto rendered = RenderEvent(curated, {}, {computed});
  ASSERT_TRUE(rendered.ok()) << rendered.status();
  EXPECT_EQ(rendered->path(), "news/2019/04/15/b.md");
  EXPECT_THAT(rendered->markdown(), HasSubstr("1. [D. ](/news/2019/04/17/d.md) _Context:  Odd spacing_"));
}

}  // namespace
}  // namespace dateline
