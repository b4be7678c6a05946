#include "tools/datelinectl/query_commands.h"

#include <google/protobuf/util/json_util.h>
#include <grpcpp/client_context.h>

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "lib/client/grpc_status.h"

namespace dateline::ctl {
namespace {

using dateline::v1::Event;
using dateline::v1::EventRevision;
using dateline::v1::GetEventRequest;
using dateline::v1::GetEventRevisionRequest;
using dateline::v1::ListEventRevisionsRequest;
using dateline::v1::ListEventRevisionsResponse;
using dateline::v1::ListEventsRequest;
using dateline::v1::ListEventsResponse;
using dateline::v1::ListRelatedEventsRequest;
using dateline::v1::ListRelatedEventsResponse;
using dateline::v1::RenderEventPageRequest;
using dateline::v1::RenderEventPageResponse;

std::unique_ptr<grpc::ClientContext> MakeContext(const QueryOptions& options) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + options.timeout));
  return context;
}

template <typename Request>
void SetToken(const QueryOptions& options, Request* request) {
  if (!options.consistency_token.empty()) {
    request->set_consistency_token(options.consistency_token);
  }
}

absl::Status Report(const grpc::Status& grpc_status, std::ostream& err) {
  absl::Status status = FromGrpcStatus(grpc_status);
  if (!status.ok()) err << client::FormatStatus(status) << "\n";
  return status;
}

// Calls a paged List RPC once, or until the last page when `all`, and prints
// the result; with `all` the pages are merged into one response without a
// token.
template <typename Request, typename Response, typename Call, typename Merge>
absl::Status ListPages(Request request, bool all, const QueryOptions& options,
                       Call call, Merge merge, std::ostream& out,
                       std::ostream& err) {
  SetToken(options, &request);
  Response merged;
  for (;;) {
    Response page;
    auto context = MakeContext(options);
    absl::Status status = Report(call(context.get(), request, &page), err);
    if (!status.ok()) return status;
    if (!all) {
      out << ToJson(page);
      return absl::OkStatus();
    }
    merge(&page, &merged);
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  out << ToJson(merged);
  return absl::OkStatus();
}

}  // namespace

std::string ToJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  auto status =
      google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok())
    return absl::StrCat("{\"error\": \"", status.ToString(), "\"}\n");
  if (json.empty() || json.back() != '\n') json.push_back('\n');
  return json;
}

absl::Status GetEvent(QueryStub* stub, const std::string& name,
                      const QueryOptions& options, std::ostream& out,
                      std::ostream& err) {
  GetEventRequest request;
  request.set_name(name);
  SetToken(options, &request);
  Event event;
  auto context = MakeContext(options);
  absl::Status status =
      Report(stub->GetEvent(context.get(), request, &event), err);
  if (status.ok()) out << ToJson(event);
  return status;
}

absl::Status GetEvents(QueryStub* stub, const std::vector<std::string>& names,
                       const QueryOptions& options, std::ostream& out,
                       std::ostream& err) {
  constexpr size_t kPerCall = 1000;  // the RPC's limit
  dateline::v1::BatchGetEventsResponse all;
  for (size_t first = 0; first < names.size(); first += kPerCall) {
    dateline::v1::BatchGetEventsRequest request;
    for (size_t i = first; i < std::min(names.size(), first + kPerCall); ++i) {
      request.add_names(names[i]);
    }
    SetToken(options, &request);
    dateline::v1::BatchGetEventsResponse response;
    auto context = MakeContext(options);
    absl::Status status =
        Report(stub->BatchGetEvents(context.get(), request, &response), err);
    if (!status.ok()) return status;
    for (auto& e : *response.mutable_events()) *all.add_events() = std::move(e);
  }
  out << ToJson(all);
  return absl::OkStatus();
}

absl::Status ValidateListOptions(const ListOptions& list) {
  const bool has_date = !list.date.empty();
  const bool has_start = !list.start_date.empty();
  const bool has_end = !list.end_date.empty();
  if (has_date ? (has_start || has_end) : !(has_start && has_end)) {
    return absl::InvalidArgumentError(
        "list needs --date=YYYY-MM-DD, or --start=YYYY-MM-DD and "
        "--end=YYYY-MM-DD");
  }
  return absl::OkStatus();
}

absl::Status ListEvents(QueryStub* stub, const ListOptions& list,
                        const QueryOptions& options, std::ostream& out,
                        std::ostream& err) {
  if (absl::Status valid = ValidateListOptions(list); !valid.ok()) {
    err << client::FormatStatus(valid) << "\n";
    return valid;
  }
  ListEventsRequest request;
  if (!list.date.empty()) {
    request.set_date(list.date);
  } else {
    request.set_start_date(list.start_date);
    request.set_end_date(list.end_date);
  }
  if (!list.topic.empty()) request.set_topic(list.topic);
  if (list.page_size != 0) request.set_page_size(list.page_size);
  if (!list.page_token.empty()) request.set_page_token(list.page_token);
  return ListPages<ListEventsRequest, ListEventsResponse>(
      request, list.all, options,
      [stub](grpc::ClientContext* c, const ListEventsRequest& r,
             ListEventsResponse* p) { return stub->ListEvents(c, r, p); },
      [](ListEventsResponse* page, ListEventsResponse* merged) {
        for (auto& e : *page->mutable_events())
          *merged->add_events() = std::move(e);
      },
      out, err);
}

absl::Status ListRelatedEvents(QueryStub* stub, const std::string& name,
                               int32_t page_size, bool all,
                               const QueryOptions& options, std::ostream& out,
                               std::ostream& err) {
  ListRelatedEventsRequest request;
  request.set_name(name);
  if (page_size != 0) request.set_page_size(page_size);
  return ListPages<ListRelatedEventsRequest, ListRelatedEventsResponse>(
      request, all, options,
      [stub](grpc::ClientContext* c, const ListRelatedEventsRequest& r,
             ListRelatedEventsResponse* p) {
        return stub->ListRelatedEvents(c, r, p);
      },
      [](ListRelatedEventsResponse* page, ListRelatedEventsResponse* merged) {
        for (auto& e : *page->mutable_related_events()) {
          *merged->add_related_events() = std::move(e);
        }
      },
      out, err);
}

absl::Status ListEventRevisions(QueryStub* stub, const std::string& name,
                                int32_t page_size, bool all,
                                const QueryOptions& options, std::ostream& out,
                                std::ostream& err) {
  ListEventRevisionsRequest request;
  request.set_name(name);
  if (page_size != 0) request.set_page_size(page_size);
  return ListPages<ListEventRevisionsRequest, ListEventRevisionsResponse>(
      request, all, options,
      [stub](grpc::ClientContext* c, const ListEventRevisionsRequest& r,
             ListEventRevisionsResponse* p) {
        return stub->ListEventRevisions(c, r, p);
      },
      [](ListEventRevisionsResponse* page, ListEventRevisionsResponse* merged) {
        for (auto& e : *page->mutable_revisions()) {
          *merged->add_revisions() = std::move(e);
        }
      },
      out, err);
}

absl::Status GetEventRevision(QueryStub* stub, const std::string& name,
                              const QueryOptions& options, std::ostream& out,
                              std::ostream& err) {
  GetEventRevisionRequest request;
  request.set_name(name);
  SetToken(options, &request);
  EventRevision revision;
  auto context = MakeContext(options);
  absl::Status status =
      Report(stub->GetEventRevision(context.get(), request, &revision), err);
  if (status.ok()) out << ToJson(revision);
  return status;
}

absl::Status RenderEventPage(QueryStub* stub, const std::string& name,
                             const QueryOptions& options, std::ostream& out,
                             std::ostream& err) {
  RenderEventPageRequest request;
  request.set_name(name);
  SetToken(options, &request);
  RenderEventPageResponse response;
  auto context = MakeContext(options);
  absl::Status status =
      Report(stub->RenderEventPage(context.get(), request, &response), err);
  if (status.ok()) out << response.markdown();
  return status;
}

}  // namespace dateline::ctl
