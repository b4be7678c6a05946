// The whole shared corpus (../shared/corpus beside the project root) through the
// Ingestor into an in-memory RocksDB, as `datelinectl import` sends it: portal file
// first, then the revisions file. Pins the outcome counts docs/normalization.md
// reports. With DATELINE_CORPUS_DUMP=FILE set, also writes one line per stored row
// (key in hex, FNV-1a 64 of the value) so that two builds' stores can be diffed.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "lib/common/testing/shared_data.h"
#include "lib/common/clock.h"
#include "lib/store/testing/mem_store.h"
#include "services/ingest/group_commit.h"
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

// Every stored row, key -> value.
std::map<std::string, std::string> Rows(KvStore* kv) {
  std::map<std::string, std::string> rows;
  EXPECT_TRUE(kv->Scan("", "", false, [&](absl::string_view k, absl::string_view v) {
                  rows.emplace(std::string(k), std::string(v));
                  return true;
                }).ok());
  return rows;
}

// A response's outcome or error code, as one comparable string.
std::string Outcome(const v1::IngestEventResponse& r) {
  if (r.has_error()) return absl::StrCat("error ", r.error().code(), ": ", r.error().message());
  return absl::StrCat(v1::IngestEventResponse::Outcome_Name(r.outcome()), " ", r.name(), " ",
                      r.revision());
}

// The bulk path (GroupCommitter: requests prepared on the reader thread, groups of up
// to 512 under one WAL sync, the ingestor's cached event count) against one event per
// batch and sync (Ingestor::Apply of a fresh Ingestor), over the corpus's first 20,000 lines: the same
// answer for every line and the same store, row by row.
TEST(CorpusImportTest, BulkPathGivesTheSameAnswersAndStoreAsOneEventPerBatch) {
  const fs::path file = fs::path(DATELINE_CORPUS_DIR) / "portal-2004-2026.jsonl";
  DATELINE_REQUIRE_SHARED_DATA(file, "../shared/corpus/portal-2004-2026.jsonl");
  std::vector<v1::IngestEventRequest> requests;
  {
    std::ifstream in(file);
    std::string line;
    while (requests.size() < 20000 && std::getline(in, line)) {
      v1::IngestEventRequest req;
      ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(line, req.mutable_event(), {}).ok())
          << line;
      requests.push_back(std::move(req));
    }
  }
  ASSERT_EQ(requests.size(), 20000u);
  // A few repeats and a bad item, so that updates, unchanged items and errors are
  // compared too (the first lines are mostly distinct events).
  for (int i = 0; i < 200; ++i) requests.push_back(requests[static_cast<size_t>(i) * 97]);
  requests[20050].mutable_event()->set_date("2020-02-30");
  requests[20100].mutable_event()->set_category("Changed category");

  FakeClock clock(absl::FromUnixSeconds(1800000000));
  testing::MemStore one_by_one;
  ASSERT_NE(one_by_one.kv, nullptr);
  std::vector<std::string> expected;
  for (const v1::IngestEventRequest& req : requests) {
    // A fresh Ingestor per request: nothing it keeps between requests (the cached
    // event count) can shape the reference.
    Ingestor ingestor(one_by_one.kv.get(), &clock);
    absl::StatusOr<IngestItem> item = Ingestor::Prepare(req);
    absl::StatusOr<v1::IngestEventResponse> r =
        item.ok() ? ingestor.Apply(*std::move(item)) : item.status();
    v1::IngestEventResponse out;
    if (r.ok()) {
      out = *r;
    } else {
      out.mutable_error()->set_code(static_cast<int>(r.status().code()));
      out.mutable_error()->set_message(std::string(r.status().message()));
    }
    expected.push_back(Outcome(out));
  }

  testing::MemStore bulk;
  ASSERT_NE(bulk.kv, nullptr);
  std::vector<std::string> got;
  {
    Ingestor ingestor(bulk.kv.get(), &clock);
    size_t next = 0;
    BulkStream stream{
        [&](v1::IngestEventRequest* r) {
          if (next == requests.size()) return false;
          *r = requests[next++];
          return true;
        },
        [&](const v1::IngestEventResponse& r) {
          got.push_back(Outcome(r));
          return true;
        },
        [] { return false; },
        [] {},
    };
    GroupCommitter committer(&ingestor, &Ingestor::Prepare);
    ASSERT_TRUE(committer.Run(stream).ok());
  }
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], expected[i]) << "request " << i;
  EXPECT_EQ(got[20050].rfind("error 3: event.date", 0), 0u) << got[20050];
  EXPECT_EQ(got[20100].rfind("UPDATED", 0), 0u) << got[20100];

  std::map<std::string, std::string> want = Rows(one_by_one.kv.get());
  std::map<std::string, std::string> have = Rows(bulk.kv.get());
  EXPECT_GT(want.size(), 60000u);
  EXPECT_EQ(have.size(), want.size());
  auto w = want.begin();
  auto h = have.begin();
  for (; w != want.end() && h != have.end(); ++w, ++h) {
    ASSERT_EQ(absl::BytesToHexString(h->first), absl::BytesToHexString(w->first));
    ASSERT_TRUE(h->second == w->second) << "value of " << absl::CHexEscape(w->first);
  }
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
