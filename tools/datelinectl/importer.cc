#include "tools/datelinectl/importer.h"

#include <grpcpp/client_context.h>

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "lib/client/grpc_status.h"
#include "lib/client/ingest_stream.h"
#include "lib/client/jsonl_prefetcher.h"
#include "lib/client/jsonl_reader.h"

namespace dateline::ctl {
namespace {

using dateline::v1::IngestEventRequest;
using dateline::v1::IngestEventResponse;

absl::Status ItemStatus(const dateline::v1::ItemError& error) {
  int code = error.code();
  // An error without a code is still an error.
  if (code == 0) code = static_cast<int>(absl::StatusCode::kUnknown);
  return absl::Status(static_cast<absl::StatusCode>(code), error.message());
}

absl::StatusOr<std::string> ReadFile(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return absl::ErrnoToStatus(errno, "cannot open");
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return absl::ErrnoToStatus(errno, "cannot read");
  return content.str();
}

}  // namespace

absl::StatusOr<std::vector<ImportInput>> PlanImport(
    const std::vector<std::string>& operands) {
  std::vector<ImportInput> inputs;
  for (const std::string& operand : operands) {
    std::error_code ec;
    if (!std::filesystem::exists(operand, ec)) {
      return absl::NotFoundError(
          absl::StrCat(operand, ": no such file or directory"));
    }
    const bool is_dir = std::filesystem::is_directory(operand, ec);
    if (!is_dir && absl::EndsWith(operand, ".jsonl")) {
      inputs.push_back(ImportInput{ImportInput::Kind::kJsonl, operand, {}});
      continue;
    }
    if (!is_dir && !absl::EndsWith(operand, ".md")) {
      return absl::InvalidArgumentError(absl::StrCat(
          operand,
          ": expected a .jsonl file, a .md page or a directory of pages"));
    }
    auto pages = FindPageFiles(operand);
    if (!pages.ok()) return pages.status();
    inputs.push_back(
        ImportInput{ImportInput::Kind::kPages, operand, *std::move(pages)});
  }
  return inputs;
}

absl::Status ImportJsonl(dateline::v1::IngestService::StubInterface* stub,
                         std::istream* in, const std::string& name,
                         const ImportOptions& options, ImportSummary* summary,
                         ProgressMeter* progress) {
  // Lines are parsed ahead on a thread of their own, beside the sending.
  client::JsonlPrefetcher reader(in);
  client::JsonlLine line;
  auto next = [&](IngestEventRequest* request, int64_t* tag) {
    while (reader.Next(&line)) {
      summary->AddRead();
      if (!line.request.ok()) {
        summary->AddRejection(name, line.line_number, line.request.status());
        progress->Add();
        continue;
      }
      const size_t size = line.request->ByteSizeLong();
      if (static_cast<int64_t>(size) > options.max_request_bytes) {
        summary->AddRejection(
            name, line.line_number,
            absl::ResourceExhaustedError(
                absl::StrCat("request is ", size, " bytes, over the limit of ",
                             options.max_request_bytes,
                             " (--max_request_bytes); not sent")));
        progress->Add();
        continue;
      }
      *request = *std::move(line.request);
      *tag = line.line_number;
      return true;
    }
    return false;
  };
  auto on_response = [&](int64_t line_number,
                         const IngestEventResponse& response) {
    if (response.has_error()) {
      summary->AddRejection(name, line_number, ItemStatus(response.error()));
    } else {
      summary->AddOutcome(response.outcome(), name, line_number);
    }
    progress->Add();
  };
  grpc::ClientContext context;
  auto stats =
      client::RunIngestStream(stub, &context, options.window, next, on_response);
  if (!stats.ok()) {
    return absl::Status(stats.status().code(),
                        absl::StrCat(name, ": ingest stream failed: ",
                                     stats.status().message()));
  }
  if (reader.ReadError()) {
    return absl::DataLossError(absl::StrCat(name, ": read error"));
  }
  return absl::OkStatus();
}

absl::Status ImportJsonlFile(dateline::v1::IngestService::StubInterface* stub,
                             const std::string& file,
                             const ImportOptions& options,
                             ImportSummary* summary, ProgressMeter* progress) {
  std::ifstream in(file);
  if (!in) {
    return absl::ErrnoToStatus(errno, absl::StrCat(file, ": cannot open"));
  }
  return ImportJsonl(stub, &in, file, options, summary, progress);
}

absl::Status ImportPages(dateline::v1::IngestService::StubInterface* stub,
                         const std::vector<PageFile>& pages,
                         const ImportOptions& options, ImportSummary* summary,
                         ProgressMeter* progress) {
  std::atomic<size_t> next_page{0};
  absl::Mutex mu;
  absl::Status failure;  // first transport failure; guarded by mu
  std::atomic<bool> stop{false};

  auto work = [&] {
    while (!stop.load()) {
      const size_t i = next_page.fetch_add(1);
      if (i >= pages.size()) return;
      const PageFile& page = pages[i];
      summary->AddRead();
      auto markdown = ReadFile(page.file);
      if (!markdown.ok()) {
        summary->AddRejection(page.file, 0, markdown.status());
        progress->Add();
        continue;
      }
      dateline::v1::ImportPageRequest request;
      request.set_path(page.archive_path);
      request.set_markdown(*std::move(markdown));
      IngestEventResponse response;
      grpc::ClientContext context;
      context.set_deadline(
          absl::ToChronoTime(absl::Now() + options.page_timeout));
      const absl::Status status =
          FromGrpcStatus(stub->ImportPage(&context, request, &response));
      if (status.ok()) {
        summary->AddOutcome(response.outcome(), page.file, 0);
      } else if (client::IsTransportFailure(status.code())) {
        absl::MutexLock lock(&mu);
        if (failure.ok()) {
          failure = absl::Status(
              status.code(), absl::StrCat(page.file, ": ", status.message()));
        }
        stop = true;
        return;
      } else {
        summary->AddRejection(page.file, 0, status);
      }
      progress->Add();
    }
  };
  const int threads = std::max(
      1,
      std::min<int>(options.page_concurrency, static_cast<int>(pages.size())));
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; ++i) workers.emplace_back(work);
  for (auto& t : workers) t.join();
  absl::MutexLock lock(&mu);
  return failure;
}

}  // namespace dateline::ctl
