#include "tests/dateline_pair.h"

#include "absl/strings/str_cat.h"

#ifndef DATELINE_INGEST_BIN
#error "DATELINE_INGEST_BIN must be defined"
#endif

namespace dateline::testing {

std::unique_ptr<grpc::ClientContext> Ctx(int seconds) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return ctx;
}

::testing::AssertionResult DatelinePair::StartIngest() {
  std::vector<std::string> args = {absl::StrCat("--db=", db()), "--drain_delay=0s"};
  args.insert(args.end(), options_.ingest_args.begin(), options_.ingest_args.end());
  auto p = ServerProcess::Start(DATELINE_INGEST_BIN, args, dir(), "ingest");
  if (!p.ok()) return ::testing::AssertionFailure() << p.status();
  ingest_ = *std::move(p);
  absl::Status serving = ingest_->WaitServing();
  if (!serving.ok()) return ::testing::AssertionFailure() << serving;
  ingest_stub_ = v1::IngestService::NewStub(ingest_->Channel());
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult DatelinePair::StartQuery() {
  std::vector<std::string> args = {absl::StrCat("--db=", db()),
                                   absl::StrCat("--secondary_dir=", dir(), "/secondary"),
                                   "--drain_delay=0s"};
  args.insert(args.end(), options_.query_args.begin(), options_.query_args.end());
  auto p = ServerProcess::Start(DATELINE_QUERY_BIN, args, dir(), "query");
  if (!p.ok()) return ::testing::AssertionFailure() << p.status();
  query_ = *std::move(p);
  absl::Status serving = query_->WaitServing();
  if (!serving.ok()) return ::testing::AssertionFailure() << serving;
  query_stub_ = v1::QueryService::NewStub(query_->Channel());
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult DatelinePair::Start() {
  auto a = StartIngest();
  if (!a) return a;
  return StartQuery();
}

}  // namespace dateline::testing
