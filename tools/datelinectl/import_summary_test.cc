#include "tools/datelinectl/import_summary.h"

#include <gtest/gtest.h>

namespace dateline::ctl {
namespace {

using dateline::v1::IngestEventResponse;

TEST(ImportSummaryTest, FormatsCountsThenRejectionsByFileAndLine) {
  ImportSummary summary;
  summary.AddRead(7);
  summary.AddOutcome(IngestEventResponse::CREATED, "a.jsonl", 1);
  summary.AddOutcome(IngestEventResponse::CREATED, "a.jsonl", 2);
  summary.AddOutcome(IngestEventResponse::UPDATED, "a.jsonl", 3);
  summary.AddOutcome(IngestEventResponse::UNCHANGED, "a.jsonl", 4);
  summary.AddRejection("b.jsonl", 2,
                       absl::NotFoundError("event.revises: unknown"));
  summary.AddRejection("a.jsonl", 10,
                       absl::InvalidArgumentError("event.date: bad"));
  summary.AddRejection("a.jsonl", 9,
                       absl::InvalidArgumentError("invalid JSON"));

  EXPECT_EQ(summary.Format(),
            "created 2, updated 1, unchanged 1, rejected 3 (total 7)\n"
            "a.jsonl:9: INVALID_ARGUMENT: invalid JSON\n"
            "a.jsonl:10: INVALID_ARGUMENT: event.date: bad\n"
            "b.jsonl:2: NOT_FOUND: event.revises: unknown\n");
  const ImportSummary::Counts counts = summary.counts();
  EXPECT_EQ(
      counts.created + counts.updated + counts.unchanged + counts.rejected,
      counts.total);
  EXPECT_EQ(summary.done(), 7);
}

TEST(ImportSummaryTest, PagesHaveNoLineNumber) {
  ImportSummary summary;
  summary.AddRead();
  summary.AddRejection("news/2017/07/30/x.md", 0,
                       absl::InvalidArgumentError("line 3: expected H1"));
  EXPECT_EQ(summary.Format(),
            "created 0, updated 0, unchanged 0, rejected 1 (total 1)\n"
            "news/2017/07/30/x.md: INVALID_ARGUMENT: line 3: expected H1\n");
}

TEST(ImportSummaryTest, MissingOutcomeIsARejection) {
  ImportSummary summary;
  summary.AddRead();
  summary.AddOutcome(IngestEventResponse::OUTCOME_UNSPECIFIED, "a.jsonl", 5);
  EXPECT_EQ(summary.counts().rejected, 1);
  EXPECT_EQ(summary.counts().created, 0);
  EXPECT_NE(summary.Format().find("a.jsonl:5: UNKNOWN: "), std::string::npos);
}

TEST(ImportSummaryTest, MultiLineMessagesStayOnOneLine) {
  ImportSummary summary;
  summary.AddRejection("a.jsonl", 1,
                       absl::InvalidArgumentError("first\nsecond"));
  EXPECT_EQ(summary.Format(),
            "created 0, updated 0, unchanged 0, rejected 1 (total 0)\n"
            "a.jsonl:1: INVALID_ARGUMENT: first second\n");
}

}  // namespace
}  // namespace dateline::ctl
