// Page imports through the Ingestor: order independence of the stored result.
#include "services/ingest/page_import.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/normalize/slug.h"
#include "lib/page/archive_path.h"
#include "lib/page/page_parser.h"
#include "lib/store/rocks_kv_store.h"
#include "lib/store/testing/mem_store.h"
#include "services/ingest/ingestor.h"

namespace dateline {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every page we have: the real seeds (when present) and the hand-written ones.
std::vector<v1::ImportPageRequest> AllPages() {
  std::vector<v1::ImportPageRequest> out;
  fs::path seeds = DATELINE_SEEDS_DIR;
  if (fs::exists(seeds)) {
    for (const auto& e : fs::recursive_directory_iterator(seeds)) {
      if (e.path().extension() != ".md") continue;
      v1::ImportPageRequest r;
      r.set_path(e.path().lexically_relative(seeds).string());
      r.set_markdown(ReadFile(e.path()));
      out.push_back(r);
    }
  }
  for (const auto& e : fs::directory_iterator(fs::path(DATELINE_TESTDATA_DIR) / "pages")) {
    if (e.path().extension() != ".md") continue;
    v1::ImportPageRequest r;
    r.set_markdown(ReadFile(e.path()));
    auto parsed = page::ParsePage(r.markdown());
    EXPECT_TRUE(parsed.ok()) << e.path();
    if (!parsed.ok()) continue;
    std::string slug = parsed->changes.empty()
                           ? DeriveSlug(parsed->headline)
                           : page::ParseArchivePath(parsed->changes.back().link)->slug;
    r.set_path(page::FormatArchivePath(parsed->date, slug));
    out.push_back(r);
  }
  return out;
}

// Imports `pages` in order into a fresh in-memory store; returns every row.
std::map<std::string, std::string> ImportAll(const std::vector<v1::ImportPageRequest>& pages) {
  testing::MemStore mem;
  EXPECT_NE(mem.kv, nullptr);
  FakeClock clock(absl::FromUnixSeconds(1800000000));
  Ingestor ingestor(mem.kv.get(), &clock);
  for (const auto& p : pages) {
    auto item = PreparePageImport(p);
    EXPECT_TRUE(item.ok()) << p.path() << ": " << item.status();
    if (!item.ok()) continue;
    auto resp = ingestor.Apply(*std::move(item));
    EXPECT_TRUE(resp.ok()) << p.path() << ": " << resp.status();
  }
  std::map<std::string, std::string> rows;
  EXPECT_TRUE(mem.kv->Scan("", "", false, [&](absl::string_view k, absl::string_view v) {
                     rows.emplace(k, v);
                     return true;
                   }).ok());
  return rows;
}

TEST(PageImportTest, AnyImportOrderGivesTheSameStore) {
  std::vector<v1::ImportPageRequest> pages = AllPages();
  ASSERT_GE(pages.size(), 5u);
  const auto reference = ImportAll(pages);
  EXPECT_GT(reference.size(), pages.size());
  std::mt19937 rng(20261121);
  for (int round = 0; round < 6; ++round) {
    std::shuffle(pages.begin(), pages.end(), rng);
    auto rows = ImportAll(pages);
    EXPECT_EQ(rows.size(), reference.size()) << "round " << round;
    EXPECT_TRUE(rows == reference) << "round " << round;
  }
}

TEST(PageImportTest, PathMustAgreeWithThePage) {
  v1::ImportPageRequest r;
  r.set_path("news/2020/05/01/a-headline.md");
  r.set_markdown("### [2020-05-01](/news/2020/05/01/index.md)\n\n# A headline. \n");
  ASSERT_TRUE(PreparePageImport(r).ok());
  r.set_path("news/2020/05/02/a-headline.md");
  auto bad = PreparePageImport(r);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("path"));
  r.set_path("news/2020/05/01/A_Headline.md");
  EXPECT_EQ(PreparePageImport(r).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace dateline
