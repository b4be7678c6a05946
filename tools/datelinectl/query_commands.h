// Read subcommands of datelinectl: each calls one QueryService RPC and prints
// the result (protobuf JSON, indented; `page` prints the markdown itself).
// Errors are printed to `err` as `CODE: message`.
#ifndef DATELINE_TOOLS_DATELINECTL_QUERY_COMMANDS_H_
#define DATELINE_TOOLS_DATELINECTL_QUERY_COMMANDS_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "dateline/v1/query_service.grpc.pb.h"

namespace dateline::ctl {

struct QueryOptions {
  absl::Duration timeout = absl::Seconds(30);  // deadline of each call
  std::string consistency_token;               // sent when not empty
};

struct ListOptions {
  std::string date;
  std::string start_date;
  std::string end_date;
  std::string topic;
  int32_t page_size = 0;
  std::string page_token;
  // Follow next_page_token to the end and print all events as one response.
  bool all = false;
};

// Each returns the status of the call (already printed to `err` when not OK).
// Output goes to `out`, ending with a newline.
using QueryStub = dateline::v1::QueryService::StubInterface;

absl::Status GetEvent(QueryStub* stub, const std::string& name,
                      const QueryOptions& options, std::ostream& out,
                      std::ostream& err);
// Several events with BatchGetEvents (1,000 names per call), printed as one
// BatchGetEventsResponse in the order of `names`; all or nothing, as the RPC.
absl::Status GetEvents(QueryStub* stub, const std::vector<std::string>& names,
                       const QueryOptions& options, std::ostream& out,
                       std::ostream& err);
// INVALID_ARGUMENT unless exactly one of `date` or the pair `start_date` +
// `end_date` is given.
absl::Status ValidateListOptions(const ListOptions& list);

// INVALID_ARGUMENT (printed, without calling) unless exactly one of `date` or
// the pair `start_date` + `end_date` is given.
absl::Status ListEvents(QueryStub* stub, const ListOptions& list,
                        const QueryOptions& options, std::ostream& out,
                        std::ostream& err);
absl::Status ListRelatedEvents(QueryStub* stub, const std::string& name,
                               int32_t page_size, bool all,
                               const QueryOptions& options, std::ostream& out,
                               std::ostream& err);
absl::Status ListEventRevisions(QueryStub* stub, const std::string& name,
                                int32_t page_size, bool all,
                                const QueryOptions& options, std::ostream& out,
                                std::ostream& err);
absl::Status GetEventRevision(QueryStub* stub, const std::string& name,
                              const QueryOptions& options, std::ostream& out,
                              std::ostream& err);
// Prints RenderEventPage's markdown byte for byte.
absl::Status RenderEventPage(QueryStub* stub, const std::string& name,
                             const QueryOptions& options, std::ostream& out,
                             std::ostream& err);

// Indented protobuf JSON of `message`, ending with a newline.
std::string ToJson(const google::protobuf::Message& message);

}  // namespace dateline::ctl

#endif  // DATELINE_TOOLS_DATELINECTL_QUERY_COMMANDS_H_
