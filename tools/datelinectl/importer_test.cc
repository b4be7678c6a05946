#include "tools/datelinectl/importer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "lib/client/testing/fake_ingest_service.h"

namespace dateline::ctl {
namespace {

namespace fs = std::filesystem;
using ::dateline::client::testing::FakeIngestService;
using ::dateline::client::testing::InProcessServer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ImporterTest : public ::testing::Test {
 protected:
  ImporterTest()
      : server_(&service_),
        stub_(dateline::v1::IngestService::NewStub(server_.channel())),
        progress_(false, [](const std::string&) {}) {}

  FakeIngestService service_;
  InProcessServer server_;
  std::unique_ptr<dateline::v1::IngestService::Stub> stub_;
  ImportSummary summary_;
  ProgressMeter progress_;
  ImportOptions options_;
};

TEST_F(ImporterTest, JsonlOutcomesAndRejectionsWithLineNumbers) {
  std::istringstream in(
      R"({"date": "2017-07-30", "headline": "new one"})"
      "\n"
      R"({"date": "2017-07-30", "headline": )"
      "\n"  // truncated JSON
      R"({"date": "2017-07-30", "headline": "bad day"})"
      "\n"  // server refuses
      "\n"
      R"({"date": "2017-07-30", "headline": "x", "colour": "red"})"
      "\n"
      R"({"date": "2017-07-30", "headline": "dup of one"})"
      "\n"
      R"({"date": "2017-07-30", "headline": "upd of one"})"
      "\n");
  options_.window = 2;
  ASSERT_TRUE(
      ImportJsonl(stub_.get(), &in, "f.jsonl", options_, &summary_, &progress_)
          .ok());
  const std::string report = summary_.Format();
  EXPECT_THAT(
      report,
      HasSubstr("created 1, updated 1, unchanged 1, rejected 3 (total 6)\n"));
  EXPECT_THAT(report, HasSubstr("\nf.jsonl:2: INVALID_ARGUMENT: invalid JSON"));
  EXPECT_THAT(
      report,
      HasSubstr(
          "\nf.jsonl:3: INVALID_ARGUMENT: event.date: not a calendar day\n"));
  EXPECT_THAT(report, HasSubstr("\nf.jsonl:5: INVALID_ARGUMENT: invalid JSON"));
  EXPECT_THAT(report, HasSubstr("colour"));
  // Lines that do not parse are never sent.
  EXPECT_THAT(service_.headlines(),
              ElementsAre("new one", "bad day", "dup of one", "upd of one"));
}

TEST_F(ImporterTest, OversizeLineIsRejectedNotSent) {
  std::istringstream in(R"({"date": "2017-07-30", "headline": "short"})"
                        "\n" +
                        std::string(R"({"date": "2017-07-30", "headline": ")") +
                        std::string(200, 'x') + "\"}\n");
  options_.max_request_bytes = 100;
  ASSERT_TRUE(
      ImportJsonl(stub_.get(), &in, "f.jsonl", options_, &summary_, &progress_)
          .ok());
  EXPECT_THAT(summary_.Format(), HasSubstr("f.jsonl:2: RESOURCE_EXHAUSTED: "));
  EXPECT_THAT(service_.headlines(), ElementsAre("short"));
}

TEST_F(ImporterTest, StreamFailureIsReturned) {
  service_.fail_after = 1;
  std::istringstream in(R"({"headline": "a"})"
                        "\n"
                        R"({"headline": "b"})"
                        "\n");
  absl::Status status =
      ImportJsonl(stub_.get(), &in, "f.jsonl", options_, &summary_, &progress_);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(status.message(), HasSubstr("f.jsonl"));
}

TEST_F(ImporterTest, MissingJsonlFileIsNotFound) {
  EXPECT_EQ(ImportJsonlFile(stub_.get(), "/nonexistent/x.jsonl", options_,
                            &summary_, &progress_)
                .code(),
            absl::StatusCode::kNotFound);
}

class PageImportTest : public ImporterTest {
 protected:
  void SetUp() override {
    // One directory per test and process: ctest runs tests in parallel.
    root_ = fs::path(::testing::TempDir()) /
            (std::string("importer_test_") +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() +
             "_" + std::to_string(getpid()));
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  PageFile Write(const std::string& archive_path, const std::string& markdown) {
    const fs::path path = root_ / archive_path;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << markdown;
    return PageFile{path.string(), archive_path};
  }

  fs::path root_;
};

TEST_F(PageImportTest, SendsArchivePathAndBytesAndCountsRefusals) {
  std::vector<PageFile> pages;
  for (int i = 0; i < 10; ++i) {
    pages.push_back(Write("news/2017/07/30/p" + std::to_string(i) + ".md",
                          "# Page " + std::to_string(i) + " \n\n"));
  }
  pages.push_back(Write("news/2017/07/30/broken.md", "garbage"));
  pages.push_back(PageFile{(root_ / "news/2017/07/30/gone.md").string(),
                           "news/2017/07/30/gone.md"});
  options_.page_concurrency = 3;
  ASSERT_TRUE(
      ImportPages(stub_.get(), pages, options_, &summary_, &progress_).ok());

  const std::string report = summary_.Format();
  EXPECT_THAT(
      report,
      HasSubstr("created 10, updated 0, unchanged 0, rejected 2 (total 12)\n"));
  EXPECT_THAT(report,
              HasSubstr("broken.md: INVALID_ARGUMENT: line 3: expected"));
  EXPECT_THAT(report, HasSubstr("gone.md: NOT_FOUND: "));
  bool saw_page3 = false;
  for (const auto& request : service_.pages()) {
    if (request.path() == "news/2017/07/30/p3.md") {
      saw_page3 = true;
      EXPECT_EQ(request.markdown(), "# Page 3 \n\n");
    }
  }
  EXPECT_TRUE(saw_page3);
  EXPECT_EQ(service_.pages().size(), 11u);  // the unreadable one is not sent
}

TEST_F(PageImportTest, UnavailableStopsTheImport) {
  service_.unavailable = true;
  std::vector<PageFile> pages = {Write("news/2017/07/30/a.md", "x"),
                                 Write("news/2017/07/30/b.md", "y")};
  absl::Status status =
      ImportPages(stub_.get(), pages, options_, &summary_, &progress_);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(summary_.counts().rejected, 0);
}

TEST_F(PageImportTest, PlanClassifiesOperands) {
  Write("news/2017/07/30/a.md", "x");
  const std::string jsonl = (root_ / "events.jsonl").string();
  std::ofstream(jsonl) << "{}\n";

  auto plan = PlanImport({jsonl, root_.string()});
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->size(), 2u);
  EXPECT_EQ((*plan)[0].kind, ImportInput::Kind::kJsonl);
  EXPECT_EQ((*plan)[0].file, jsonl);
  EXPECT_EQ((*plan)[1].kind, ImportInput::Kind::kPages);
  ASSERT_EQ((*plan)[1].pages.size(), 1u);
  EXPECT_EQ((*plan)[1].pages[0].archive_path, "news/2017/07/30/a.md");

  EXPECT_EQ(PlanImport({(root_ / "missing.jsonl").string()}).status().code(),
            absl::StatusCode::kNotFound);
  std::ofstream(root_ / "events.csv") << "a,b\n";
  EXPECT_EQ(PlanImport({(root_ / "events.csv").string()}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace dateline::ctl
