#include "lib/replication/replication_service.h"

#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "lib/common/log.h"
#include "lib/server/grpc_status.h"
#include "lib/store/event_store.h"

namespace dateline {
namespace {

namespace fs = std::filesystem;
namespace rv1 = replication::v1;

constexpr size_t kMaxMessageBytes = 1 << 20;  // per UpdateBatch (batches are whole)
constexpr int kMaxBatchesPerMessage = 1000;
constexpr size_t kChunkBytes = 1 << 20;
constexpr absl::Duration kHeartbeat = absl::Seconds(1);

absl::StatusOr<uint32_t> Crc32Of(const fs::path& path, uint64_t* size) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InternalError(absl::StrCat("cannot read ", path.string()));
  std::vector<char> buf(kChunkBytes);
  uLong crc = crc32(0L, Z_NULL, 0);
  *size = 0;
  while (in) {
    in.read(buf.data(), buf.size());
    std::streamsize n = in.gcount();
    if (n <= 0) break;
    crc = crc32(crc, reinterpret_cast<const Bytef*>(buf.data()), static_cast<uInt>(n));
    *size += static_cast<uint64_t>(n);
  }
  if (in.bad()) return absl::InternalError(absl::StrCat("cannot read ", path.string()));
  return static_cast<uint32_t>(crc);
}

}  // namespace

grpc::Status ReplicationServiceImpl::StreamUpdates(grpc::ServerContext* context,
                                                   const rv1::StreamUpdatesRequest* request,
                                                   grpc::ServerWriter<rv1::UpdateBatch>* writer) {
  if (absl::Status allowed = replicas_.Check(*context); !allowed.ok()) {
    return ToGrpcStatus(allowed);
  }
  absl::StatusOr<ReplicationSource*> source = source_->Get();
  if (!source.ok()) return ToGrpcStatus(source.status());
  const ReplicationSource& src = **source;
  uint64_t next = request->start_sequence();
  if (next == 0) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "start_sequence: required, the first sequence wanted (>= 1)");
  }
  if (next > src.durable->Get() + 1) {
    return grpc::Status(
        grpc::StatusCode::INVALID_ARGUMENT,
        absl::StrCat("start_sequence: ", next, " is beyond this writer's next sequence ",
                     src.durable->Get() + 1,
                     " (the replica is ahead of this writer; bootstrap from a snapshot)"));
  }
  while (!stopping_ && !context->IsCancelled()) {
    const uint64_t durable = src.durable->WaitAtLeast(next, absl::Now() + kHeartbeat);
    rv1::UpdateBatch msg;
    msg.set_durable_sequence(durable);
    if (next <= durable) {
      size_t bytes = 0;
      absl::Status st = src.kv->ReadWal(next, durable, [&](WalBatch b) {
        rv1::WalBatch* out = msg.add_batches();
        out->set_sequence(b.sequence);
        out->set_count(b.count);
        bytes += b.data.size();
        out->set_data(std::move(b.data));
        next = b.last() + 1;
        return bytes < kMaxMessageBytes && msg.batches_size() < kMaxBatchesPerMessage;
      });
      if (!st.ok()) return ToGrpcStatus(st);
    }
    if (!writer->Write(msg)) break;  // the replica went away
  }
  return grpc::Status::OK;
}

grpc::Status ReplicationServiceImpl::GetSnapshot(grpc::ServerContext* context,
                                                 const rv1::GetSnapshotRequest*,
                                                 grpc::ServerWriter<rv1::SnapshotChunk>* writer) {
  if (absl::Status allowed = replicas_.Check(*context); !allowed.ok()) {
    return ToGrpcStatus(allowed);
  }
  absl::StatusOr<ReplicationSource*> source = source_->Get();
  if (!source.ok()) return ToGrpcStatus(source.status());
  const ReplicationSource& src = **source;
  const fs::path dir = fs::path(src.snapshot_dir) /
                       absl::StrCat("snapshot-", ::getpid(), "-", snapshots_.fetch_add(1));
  std::error_code ec;
  fs::create_directories(src.snapshot_dir, ec);
  fs::remove_all(dir, ec);
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code ignored;
      fs::remove_all(dir, ignored);
    }
  } cleanup{dir};

  absl::StatusOr<uint64_t> sequence = src.kv->Checkpoint(dir.string());
  if (!sequence.ok()) return ToGrpcStatus(sequence.status());
  rv1::SnapshotChunk first;
  rv1::SnapshotManifest* manifest = first.mutable_manifest();
  manifest->set_sequence(*sequence);
  manifest->set_format_version(std::string(StoreFormatVersion()));
  std::vector<fs::path> paths;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    uint64_t size = 0;
    absl::StatusOr<uint32_t> crc = Crc32Of(e.path(), &size);
    if (!crc.ok()) return ToGrpcStatus(crc.status());
    rv1::SnapshotFile* f = manifest->add_files();
    f->set_name(e.path().filename().string());
    f->set_size(size);
    f->set_crc32(*crc);
    paths.push_back(e.path());
  }
  if (!writer->Write(first)) return grpc::Status(grpc::StatusCode::CANCELLED, "replica went away");
  std::vector<char> buf(kChunkBytes);
  for (size_t i = 0; i < paths.size(); ++i) {
    std::ifstream in(paths[i], std::ios::binary);
    uint64_t offset = 0;
    while (in && !context->IsCancelled()) {
      in.read(buf.data(), buf.size());
      std::streamsize n = in.gcount();
      if (n <= 0) break;
      rv1::SnapshotChunk chunk;
      chunk.set_file(static_cast<uint32_t>(i));
      chunk.set_offset(offset);
      chunk.set_data(buf.data(), static_cast<size_t>(n));
      offset += static_cast<uint64_t>(n);
      if (!writer->Write(chunk)) {
        return grpc::Status(grpc::StatusCode::CANCELLED, "replica went away");
      }
    }
    if (in.bad()) {
      return grpc::Status(grpc::StatusCode::INTERNAL,
                          absl::StrCat("cannot read snapshot file ", paths[i].string()));
    }
  }
  LogInfo("dateline-ingest: streamed a snapshot at sequence ", *sequence, " (",
          paths.size(), " files)");
  return grpc::Status::OK;
}

}  // namespace dateline
