// Archive pages end to end: ImportPage on the real ingest, RenderEventPage on the real
// query, byte for byte.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "lib/common/testing/shared_data.h"
#include "lib/normalize/slug.h"
#include "lib/page/archive_path.h"
#include "lib/page/page_parser.h"
#include "tests/dateline_pair.h"

namespace dateline::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kPutinPath[] =
    "news/2017/07/30/"
    "russian-president-vladimir-putin-expels-755-u-s-diplomats-in-response-to-new-sanctions-"
    "imposed-by-the-united-states.md";
constexpr char kUsPath[] =
    "news/2016/12/29/"
    "the-united-states-expels-35-russian-diplomats-over-the-alleged-russian-interference-"
    "during-the-u-s-s-2016-presidential-election.md";
constexpr char kPutin[] =
    "events/2017-07-30/russian-president-vladimir-putin-expels-755-u-s-diplomats-in-response-"
    "to-new-sanctions-imposed-by-the-united-states";

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class PagesTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(pair_.Start()); }

  grpc::Status Import(const std::string& path, const std::string& markdown,
                      v1::IngestEventResponse* out) {
    v1::ImportPageRequest req;
    req.set_path(path);
    req.set_markdown(markdown);
    return pair_.ingest_stub()->ImportPage(Ctx().get(), req, out);
  }

  v1::RenderEventPageResponse Render(const std::string& name, const std::string& token) {
    v1::RenderEventPageRequest req;
    req.set_name(name);
    req.set_consistency_token(token);
    v1::RenderEventPageResponse resp;
    grpc::Status st = pair_.query_stub()->RenderEventPage(Ctx().get(), req, &resp);
    EXPECT_TRUE(st.ok()) << name << ": " << st.error_message();
    return resp;
  }

  DatelinePair pair_;
};

TEST_F(PagesTest, SeedsRenderByteIdenticalAndResolveByEveryName) {
  const fs::path seeds = DATELINE_SEEDS_DIR;
  DATELINE_REQUIRE_SHARED_DATA(seeds, "../shared/seeds");
  v1::IngestEventResponse r1, r2;
  // The 2016 page (linking to the 2017 event by an old name) first.
  ASSERT_TRUE(Import(kUsPath, ReadFile(seeds / kUsPath), &r1).ok());
  grpc::Status st = Import(kPutinPath, ReadFile(seeds / kPutinPath), &r2);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(r2.outcome(), v1::IngestEventResponse::CREATED);
  EXPECT_EQ(r2.revision(), 3);

  for (const char* path : {kPutinPath, kUsPath}) {
    page::ArchivePath p = *page::ParseArchivePath(path);
    v1::RenderEventPageResponse page =
        Render("events/" + p.date + "/" + p.slug, r2.consistency_token());
    EXPECT_EQ(page.path(), path);
    EXPECT_EQ(page.markdown(), ReadFile(seeds / path)) << path;
  }

  // All three names of the 2017-07-30 event are one event with 3 revisions.
  for (const char* name :
       {"events/2017-07-30/russian-president-vladimir-putin-expels-755-united-states-diplomats-"
        "in-response-to-new-sanctions-imposed-by-the-united-states",
        "events/2017-07-30/russia-united-states-relations-russian-president-vladimir-putin-"
        "expels-755-u-s-diplomats-in-response-to-new-sanctions-imposed-by-the-uni",
        kPutin}) {
    v1::GetEventRequest req;
    req.set_name(name);
    v1::Event e;
    ASSERT_TRUE(pair_.query_stub()->GetEvent(Ctx().get(), req, &e).ok()) << name;
    EXPECT_EQ(e.name(), kPutin);
    EXPECT_EQ(e.revision(), 3);
    EXPECT_EQ(e.aliases_size(), 2);
  }

  // The 2016 page's curated link to the Update slug resolves to the canonical name.
  v1::ListRelatedEventsRequest req;
  req.set_name("events/2016-12-29/the-united-states-expels-35-russian-diplomats-over-the-"
               "alleged-russian-interference-during-the-u-s-s-2016-presidential-election");
  v1::ListRelatedEventsResponse related;
  ASSERT_TRUE(pair_.query_stub()->ListRelatedEvents(Ctx().get(), req, &related).ok());
  bool found = false;
  for (const v1::RelatedEvent& r : related.related_events()) {
    if (r.name() != kPutin) continue;
    found = true;
    EXPECT_TRUE(r.curated());
    EXPECT_TRUE(r.resolved());
    EXPECT_THAT(r.context(), ElementsAre("Russia-United States relations", "United States"));
  }
  EXPECT_TRUE(found);

  // Re-importing a page changes nothing.
  v1::IngestEventResponse again;
  ASSERT_TRUE(Import(kPutinPath, ReadFile(seeds / kPutinPath), &again).ok());
  EXPECT_EQ(again.outcome(), v1::IngestEventResponse::UNCHANGED);
  EXPECT_EQ(again.revision(), 3);
}

TEST_F(PagesTest, PagesOverCorpusEventsRenderIdenticalAndKeepWhatPagesCannotCarry) {
  const fs::path seeds = DATELINE_SEEDS_DIR;
  DATELINE_REQUIRE_SHARED_DATA(seeds, "../shared/seeds");
  // The portal's own lines for both events (shared/corpus), ingested first.
  for (const char* text : {
           R"pb(date: "2017-07-30" headline: "Russian President Vladimir Putin expels 755 U.S. diplomats in response to new sanctions imposed by the United States." category: "International relations" topics: "Russia\342\200\223United States relations" sources { name: "Al Jazeera" } sources { name: "CNN" })pb",
           R"pb(date: "2016-12-29" headline: "The United States expels 35 Russian diplomats over the alleged Russian interference during the U.S.'s 2016 presidential election." category: "International relations" topics: "Russia\342\200\223United States relations" sources { name: "BBC" })pb"}) {
    v1::IngestEventRequest req;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text, req.mutable_event()));
    v1::IngestEventResponse resp;
    ASSERT_TRUE(pair_.ingest_stub()->IngestEvent(Ctx().get(), req, &resp).ok());
  }
  v1::IngestEventResponse r1, r2;
  ASSERT_TRUE(Import(kPutinPath, ReadFile(seeds / kPutinPath), &r1).ok());
  ASSERT_TRUE(Import(kUsPath, ReadFile(seeds / kUsPath), &r2).ok());
  EXPECT_EQ(r1.outcome(), v1::IngestEventResponse::UPDATED);
  EXPECT_EQ(r1.revision(), 3);  // the page's history replaced the single portal revision
  for (const char* path : {kPutinPath, kUsPath}) {
    page::ArchivePath p = *page::ParseArchivePath(path);
    v1::RenderEventPageResponse page =
        Render("events/" + p.date + "/" + p.slug, r2.consistency_token());
    EXPECT_EQ(page.markdown(), ReadFile(seeds / path)) << path;
  }
  v1::GetEventRequest req;
  req.set_name(kPutin);
  v1::Event e;
  ASSERT_TRUE(pair_.query_stub()->GetEvent(Ctx().get(), req, &e).ok());
  EXPECT_THAT(e.topics(), ElementsAre("Russia\xE2\x80\x93United States relations"));
  EXPECT_EQ(e.category(), "International relations");
  EXPECT_EQ(e.sources(0).url(),
            "http://www.aljazeera.com/news/2017/07/"
            "russia-expels-755-diplomats-response-sanctions-170730201720880.html");
}

TEST_F(PagesTest, HandWrittenGoldenPagesRenderByteIdentical) {
  const fs::path dir = fs::path(DATELINE_TESTDATA_DIR) / "pages";
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".md") continue;
    std::string markdown = ReadFile(entry.path());
    auto parsed = page::ParsePage(markdown);
    ASSERT_TRUE(parsed.ok()) << entry.path() << ": " << parsed.status();
    std::string slug = DeriveSlug(parsed->headline);
    if (!parsed->changes.empty()) slug = page::ParseArchivePath(parsed->changes.back().link)->slug;
    std::string path = page::FormatArchivePath(parsed->date, slug);
    // Each page in a store of its own, so that no computed related set appears.
    DatelinePair own;
    ASSERT_TRUE(own.Start());
    v1::ImportPageRequest req;
    req.set_path(path);
    req.set_markdown(markdown);
    v1::IngestEventResponse resp;
    grpc::Status st = own.ingest_stub()->ImportPage(Ctx().get(), req, &resp);
    ASSERT_TRUE(st.ok()) << entry.path() << ": " << st.error_message();
    v1::RenderEventPageRequest rr;
    rr.set_name(resp.name());
    rr.set_consistency_token(resp.consistency_token());
    v1::RenderEventPageResponse page;
    st = own.query_stub()->RenderEventPage(Ctx().get(), rr, &page);
    ASSERT_TRUE(st.ok()) << entry.path() << ": " << st.error_message();
    EXPECT_EQ(page.markdown(), markdown) << entry.path();
    ++checked;
  }
  EXPECT_GE(checked, 5);
}

// Re-importing a page that differs only in layout (its date link form, its Changes
// links as written, or none of them) renders the page last imported, byte for byte.
TEST_F(PagesTest, ReimportWithOtherLayoutRendersTheLastPageByteForByte) {
  const std::string a = ReadFile(fs::path(DATELINE_TESTDATA_DIR) / "pages/two-versions.md");
  auto replaced = [&](std::string text, const std::string& from, const std::string& to) {
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
      text.replace(at, from.size(), to);
      at += to.size();
    }
    return text;
  };
  const std::string date_link = replaced(a, "(/news/2020/01/31/index.md)",
                                         "(/news/2020/1/31/index.md)");
  const std::string change_links = replaced(a, "](/news/2020/01/31/", "](/news/2020/1/31/");
  ASSERT_NE(date_link, a);
  ASSERT_NE(change_links, a);
  const std::string path =
      page::FormatArchivePath("2020-01-31", "the-united-kingdom-leaves-the-european-union");
  const std::string name = "events/2020-01-31/the-united-kingdom-leaves-the-european-union";
  // Each page after the one before: links added, changed, and removed again.
  for (const std::string* page : {&a, &date_link, &change_links, &a, &change_links, &a}) {
    v1::IngestEventResponse r;
    grpc::Status st = Import(path, *page, &r);
    ASSERT_TRUE(st.ok()) << st.error_message();
    EXPECT_EQ(r.revision(), 2) << "layout is not content: no new revision";
    EXPECT_EQ(Render(name, r.consistency_token()).markdown(), *page);
  }
}

TEST_F(PagesTest, MalformedPagesAreRejectedWithTheLineAndWriteNothing) {
  const std::string good =
      "### [2020-05-01](/news/2020/05/01/index.md)\n"
      "\n"
      "# A headline. \n"
      "\n"
      "A summary.\n"
      "\n"
      "\n"
      "### Source:\n"
      "\n"
      "1. [BBC](http://www.bbc.com/x)\n"
      "\n"
      "### Changes:\n"
      "\n"
      "1. [Old headline. ](/news/2020/05/01/old-headline.md) _2020-05-02 10:00:00 (First version)_\n"
      "1. [A headline. ](/news/2020/05/01/a-headline.md) _(Current version)_\n";
  const std::string path = "news/2020/05/01/a-headline.md";
  struct Case {
    std::string what, path, markdown, expect;
  } cases[] = {
      {"truncated", path, good.substr(0, good.size() - 30), "line "},
      {"no H1", path, "### [2020-05-01](/news/2020/05/01/index.md)\n\nA summary.\n", "line 3"},
      {"date link disagrees with path", "news/2020/05/02/a-headline.md", good, "path"},
      {"changes line without a time", path,
       std::string(good).replace(good.find(" _2020-05-02 10:00:00 (First version)_"), 38, ""),
       "line 14"},
      {"binary garbage", path, std::string("\x7f" "ELF\x02\x01\x01\0\0\xff\xfe", 12), "line 1"},
  };
  v1::IngestEventResponse ok;
  ASSERT_TRUE(Import(path, good, &ok).ok());  // the good page imports
  for (const Case& c : cases) {
    DatelinePair fresh;
    ASSERT_TRUE(fresh.Start());
    v1::ImportPageRequest req;
    req.set_path(c.path);
    req.set_markdown(c.markdown);
    v1::IngestEventResponse resp;
    grpc::Status st = fresh.ingest_stub()->ImportPage(Ctx().get(), req, &resp);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.what;
    EXPECT_THAT(st.error_message(), HasSubstr(c.expect)) << c.what;
    v1::ListEventsRequest list;
    list.set_date("2020-05-01");
    v1::ListEventsResponse events;
    ASSERT_TRUE(fresh.query_stub()->ListEvents(Ctx().get(), list, &events).ok());
    EXPECT_EQ(events.events_size(), 0) << c.what;
  }
}

}  // namespace
}  // namespace dateline::testing
