// The whole shared corpus (../shared/corpus beside the project root) through the
// Ingestor into an in-memory RocksDB, as `datelinectl import` sends it: portal file
// first, then the revisions file. Pins the outcome counts docs/normalization.md
// reports. With DATELINE_CORPUS_DUMP=FILE set, also writes one line per stored row
// (key in hex, FNV-1a 64 of the value) so that two builds' stores can be diffed.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "lib/common/testing/shared_data.h"
#include "lib/common/clock.h"
#include "lib/store/testing/mem_store.h"
#include "services/ingest/ingestor.h"

namespace dateline {
namespace {

namespace fs = std::filesystem;

uint64_t Fnv(absl::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

TEST(CorpusImportTest, WholeCorpusGivesTheDocumentedCounts) {
  const fs::path corpus = DATELINE_CORPUS_DIR;
  const char* files[] = {"portal-2004-2026.jsonl", "revisions-2025-2026.jsonl"};
  for (const char* f : files) {
    DATELINE_REQUIRE_SHARED_DATA(corpus / f, std::string("../shared/corpus/") + f);
  }
  testing::MemStore mem;
  ASSERT_NE(mem.kv, nullptr);
  FakeClock clock(absl::FromUnixSeconds(1800000000));
  Ingestor ingestor(mem.kv.get(), &clock);
  std::map<int, int64_t> outcomes;
  int64_t rejected = 0;
  std::vector<IngestItem> group;
  auto flush = [&] {
    auto results = ingestor.ApplyAll(std::move(group));
    group.clear();
    ASSERT_TRUE(results.ok()) << results.status();
    for (const auto& r : *results) {
      if (r.ok()) {
        ++outcomes[r->outcome()];
      } else {
        ++rejected;
      }
    }
  };
  for (const char* f : files) {
    std::ifstream in(corpus / f);
    std::string line;
    while (std::getline(in, line)) {
      if (absl::StripAsciiWhitespace(line).empty()) continue;
      v1::IngestEventRequest req;
      google::protobuf::util::JsonParseOptions options;
      if (!google::protobuf::util::JsonStringToMessage(line, req.mutable_event(), options)
               .ok()) {
        ++rejected;
        continue;
      }
      absl::StatusOr<IngestItem> item = Ingestor::Prepare(req);
      if (!item.ok()) {
        ++rejected;
        continue;
      }
      group.push_back(*std::move(item));
      if (group.size() == 512) flush();
    }
  }
  flush();
  EXPECT_EQ(outcomes[v1::IngestEventResponse::CREATED], 113259);
  EXPECT_EQ(outcomes[v1::IngestEventResponse::UPDATED], 3103);
  EXPECT_EQ(outcomes[v1::IngestEventResponse::UNCHANGED], 35);
  EXPECT_EQ(rejected, 5);

  if (const char* dump = std::getenv("DATELINE_CORPUS_DUMP")) {
    std::ofstream out(dump);
    ASSERT_TRUE(mem.kv->Scan("", "", false, [&](absl::string_view k, absl::string_view v) {
                       out << absl::BytesToHexString(k) << " "
                           << absl::StrFormat("%016x", Fnv(v)) << "\n";
                       return true;
                     }).ok());
  }
}

}  // namespace
}  // namespace dateline
