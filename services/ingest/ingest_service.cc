#include "services/ingest/ingest_service.h"

#include <deque>
#include <functional>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "lib/common/status_macros.h"
#include "lib/server/grpc_status.h"
#include "services/ingest/page_import.h"

namespace dateline {
namespace {

// Most requests buffered per stream before the reader waits (flow control).
constexpr size_t kMaxQueued = 1024;
// Most requests applied under one WAL sync.
constexpr size_t kMaxGroup = 512;

// Requests read from a stream and not yet applied.
struct StreamQueue {
  absl::Mutex mu;
  std::deque<v1::IngestEventRequest> queue ABSL_GUARDED_BY(mu);
  bool reader_done ABSL_GUARDED_BY(mu) = false;
  bool abort ABSL_GUARDED_BY(mu) = false;
  bool HasRoom() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    return queue.size() < kMaxQueued || abort;
  }
  bool HasWork() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    return !queue.empty() || reader_done;
  }
};

void SetItemError(const absl::Status& status, v1::IngestEventResponse* response) {
  response->mutable_error()->set_code(static_cast<int>(status.code()));
  response->mutable_error()->set_message(std::string(status.message()));
}

}  // namespace

absl::Status IngestServiceImpl::CheckSize(const google::protobuf::Message& request) const {
  size_t size = request.ByteSizeLong();
  if (size <= max_request_bytes_) return absl::OkStatus();
  return absl::ResourceExhaustedError(
      absl::StrCat("request: ", size, " bytes exceeds the limit of ", max_request_bytes_,
                   " bytes (--max_message_bytes)"));
}

absl::StatusOr<v1::IngestEventResponse> IngestServiceImpl::ApplyOne(
    const google::protobuf::Message& request,
    const std::function<absl::StatusOr<IngestItem>()>& prepare) const {
  DL_ASSIGN_OR_RETURN(Ingestor * ingestor, ingestor_->Get());
  DL_RETURN_IF_ERROR(CheckSize(request));
  DL_ASSIGN_OR_RETURN(IngestItem item, prepare());
  return ingestor->Apply(std::move(item));
}

grpc::Status IngestServiceImpl::IngestEvent(grpc::ServerContext*,
                                            const v1::IngestEventRequest* request,
                                            v1::IngestEventResponse* response) {
  auto result = ApplyOne(*request, [&] { return Ingestor::Prepare(*request); });
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status IngestServiceImpl::IngestEvents(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<v1::IngestEventResponse, v1::IngestEventRequest>* stream) {
  absl::StatusOr<Ingestor*> ingestor = ingestor_->Get();
  if (!ingestor.ok()) return ToGrpcStatus(ingestor.status());

  StreamQueue q;
  std::thread reader([&] {
    v1::IngestEventRequest request;
    while (stream->Read(&request)) {
      absl::MutexLock lock(&q.mu);
      q.mu.Await(absl::Condition(&q, &StreamQueue::HasRoom));
      if (q.abort) break;
      q.queue.push_back(std::move(request));
    }
    absl::MutexLock lock(&q.mu);
    q.reader_done = true;
  });

  grpc::Status result = grpc::Status::OK;
  int64_t index = 0;
  while (true) {
    std::vector<v1::IngestEventRequest> group;
    {
      absl::MutexLock lock(&q.mu);
      q.mu.Await(absl::Condition(&q, &StreamQueue::HasWork));
      if (q.queue.empty()) break;  // reader done and everything answered
      while (!q.queue.empty() && group.size() < kMaxGroup) {
        group.push_back(std::move(q.queue.front()));
        q.queue.pop_front();
      }
    }
    std::vector<v1::IngestEventResponse> responses(group.size());
    std::vector<IngestItem> items;
    std::vector<size_t> item_slot;
    for (size_t i = 0; i < group.size(); ++i) {
      responses[i].set_index(index + static_cast<int64_t>(i));
      absl::Status size = CheckSize(group[i]);
      absl::StatusOr<IngestItem> item =
          size.ok() ? Ingestor::Prepare(group[i]) : absl::StatusOr<IngestItem>(size);
      if (!item.ok()) {
        SetItemError(item.status(), &responses[i]);
        continue;
      }
      items.push_back(*std::move(item));
      item_slot.push_back(i);
    }
    if (!items.empty()) {
      auto applied = (*ingestor)->ApplyAll(std::move(items));
      if (!applied.ok()) {  // nothing of this group is durable: fail the stream
        result = ToGrpcStatus(applied.status());
        break;
      }
      for (size_t k = 0; k < applied->size(); ++k) {
        v1::IngestEventResponse& out = responses[item_slot[k]];
        if ((*applied)[k].ok()) {
          int64_t idx = out.index();
          out = *std::move((*applied)[k]);
          out.set_index(idx);
        } else {
          SetItemError((*applied)[k].status(), &out);
        }
      }
    }
    bool write_failed = false;
    for (const v1::IngestEventResponse& r : responses) {
      if (!stream->Write(r)) {
        write_failed = true;
        break;
      }
    }
    index += static_cast<int64_t>(group.size());
    if (write_failed || context->IsCancelled()) {
      result = grpc::Status(grpc::StatusCode::CANCELLED, "client went away");
      break;
    }
  }
  {
    absl::MutexLock lock(&q.mu);
    q.abort = true;
  }
  // On failure the reader may be blocked in Read() on a client that keeps the stream
  // open: cancelling the call ends that Read.
  if (!result.ok()) context->TryCancel();
  reader.join();
  return result;
}

grpc::Status IngestServiceImpl::ImportPage(grpc::ServerContext*,
                                           const v1::ImportPageRequest* request,
                                           v1::IngestEventResponse* response) {
  auto result = ApplyOne(*request, [&] { return PreparePageImport(*request); });
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

}  // namespace dateline
