#include "services/ingest/admin_service.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "lib/backup/backup_proto.h"
#include "lib/backup/backup_root.h"
#include "lib/backup/store_backup.h"
#include "lib/common/log.h"
#include "lib/common/status_macros.h"
#include "lib/server/grpc_status.h"

namespace dateline {
grpc::Status AdminServiceImpl::CreateBackup(grpc::ServerContext* context,
                                            const v1::CreateBackupRequest* request,
                                            v1::Backup* response) {
  absl::Status st = [&]() -> absl::Status {
    DL_RETURN_IF_ERROR(writers_.Check(*context));
    DL_ASSIGN_OR_RETURN(std::string dir,
                        backup::ResolveBackupDir(backup_root_, request->backup_dir()));
    if (request->keep_last() < 0) {
      return absl::InvalidArgumentError("keep_last: must not be negative");
    }
    DL_ASSIGN_OR_RETURN(BackupSource * source, source_->Get());
    if (!backup_mu_.TryLock()) {
      return absl::AbortedError("a backup is already running; retry when it is done");
    }
    const absl::Time start = absl::Now();
    absl::StatusOr<backup::BackupSummary> made = backup::CreateBackup(
        *source->kv,
        {dir, source->staging_dir, static_cast<uint32_t>(request->keep_last())});
    backup_mu_.Unlock();
    if (!made.ok()) {
      LogError("dateline-ingest: backup into ", dir, " failed: ", made.status().ToString());
      return made.status();
    }
    LogInfo("dateline-ingest: backup ", made->id, " into ", dir, " at sequence ", made->sequence,
            ": ", made->size_bytes, " bytes, ", made->added_bytes, " copied, in ",
            absl::FormatDuration(absl::Now() - start));
    *response = backup::ToProto(*made);
    response->set_added_bytes(made->added_bytes);
    return absl::OkStatus();
  }();
  return ToGrpcStatus(st);
}

grpc::Status AdminServiceImpl::VerifyBackups(grpc::ServerContext* context,
                                             const v1::VerifyBackupsRequest* request,
                                             v1::VerifyBackupsResponse* response) {
  absl::Status st = [&]() -> absl::Status {
    DL_RETURN_IF_ERROR(writers_.Check(*context));
    DL_ASSIGN_OR_RETURN(std::string dir,
                        backup::ResolveBackupDir(backup_root_, request->backup_dir()));
    // Not while a backup (which may purge old ones) writes the directory.
    absl::MutexLock lock(&backup_mu_);
    DL_ASSIGN_OR_RETURN(std::vector<backup::BackupSummary> backups, backup::VerifyBackups(dir));
    for (const backup::BackupSummary& b : backups) {
      *response->add_backups() = backup::ToProto(b);
    }
    return absl::OkStatus();
  }();
  return ToGrpcStatus(st);
}

grpc::Status AdminServiceImpl::VerifyStore(grpc::ServerContext* context,
                                           const v1::VerifyStoreRequest* /*request*/,
                                           v1::VerifyStoreResponse* response) {
  absl::Status st = [&]() -> absl::Status {
    DL_RETURN_IF_ERROR(writers_.Check(*context));
    DL_ASSIGN_OR_RETURN(BackupSource * source, source_->Get());
    response->set_sequence(source->kv->LatestSequence());
    response->set_live_sst_bytes(
        source->kv->IntProperty("rocksdb.live-sst-files-size").value_or(0));
    const absl::Time start = absl::Now();
    absl::Status verified = source->kv->VerifyChecksums();
    if (!verified.ok()) {
      LogError("dateline-ingest: store check failed: ", verified.ToString());
      return verified;
    }
    LogInfo("dateline-ingest: store check passed (", response->live_sst_bytes(),
            " bytes of table files) in ", absl::FormatDuration(absl::Now() - start));
    return absl::OkStatus();
  }();
  return ToGrpcStatus(st);
}

}  // namespace dateline
