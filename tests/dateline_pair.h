// DatelinePair: a real dateline-ingest and dateline-query on loopback over one fresh
// RocksDB directory, with stubs for both.
#ifndef DATELINE_TESTS_DATELINE_PAIR_H_
#define DATELINE_TESTS_DATELINE_PAIR_H_

#include <memory>
#include <string>
#include <vector>

#include "dateline/v1/ingest_service.grpc.pb.h"
#include "dateline/v1/query_service.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/server_process.h"

namespace dateline::testing {

struct PairOptions {
  std::vector<std::string> ingest_args;
  std::vector<std::string> query_args;
};

class DatelinePair {
 public:
  explicit DatelinePair(PairOptions options = {}) : options_(std::move(options)) {}

  // Starts both servers and waits until both are SERVING.
  ::testing::AssertionResult Start();
  // (Re)starts only the ingest, on the same store.
  ::testing::AssertionResult StartIngest();
  ::testing::AssertionResult StartQuery();

  std::string db() const { return dir_.path() + "/db"; }
  const std::string& dir() const { return dir_.path(); }
  ServerProcess* ingest() { return ingest_.get(); }
  ServerProcess* query() { return query_.get(); }
  v1::IngestService::Stub* ingest_stub() { return ingest_stub_.get(); }
  v1::QueryService::Stub* query_stub() { return query_stub_.get(); }
  void DropIngest() { ingest_.reset(); }  // SIGKILL
  void DropQuery() { query_.reset(); }    // SIGKILL

 private:
  PairOptions options_;
  TempDir dir_;
  std::unique_ptr<ServerProcess> ingest_, query_;
  std::unique_ptr<v1::IngestService::Stub> ingest_stub_;
  std::unique_ptr<v1::QueryService::Stub> query_stub_;
};

// A context with a deadline, for unary calls.
std::unique_ptr<grpc::ClientContext> Ctx(int seconds = 10);

}  // namespace dateline::testing

#endif  // DATELINE_TESTS_DATELINE_PAIR_H_
