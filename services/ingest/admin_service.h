// gRPC adapter of dateline.v1.AdminService on the ingest: backups of its store
// (lib/backup), authorized like the write methods.
#ifndef DATELINE_SERVICES_INGEST_ADMIN_SERVICE_H_
#define DATELINE_SERVICES_INGEST_ADMIN_SERVICE_H_

#include <string>

#include "absl/synchronization/mutex.h"
#include "dateline/v1/admin_service.grpc.pb.h"
#include "lib/server/ready.h"
#include "lib/store/rocks_kv_store.h"
#include "lib/tls/authorization.h"

namespace dateline {

// What a backup needs once the store is open.
struct BackupSource {
  RocksKvStore* kv = nullptr;  // the open primary; not owned
  std::string staging_dir;     // scratch space on the store's filesystem
};

class AdminServiceImpl final : public v1::AdminService::Service {
 public:
  // `backup_root`: --backup_root (empty: backups are off, FAILED_PRECONDITION).
  // `writers`: --allowed_writers (no rule: everyone). `source` is filled once the store
  // is open; not owned.
  AdminServiceImpl(const Ready<BackupSource>* source, std::string backup_root,
                   tls::Authorizer writers)
      : source_(source), backup_root_(std::move(backup_root)), writers_(std::move(writers)) {}

  grpc::Status CreateBackup(grpc::ServerContext* context, const v1::CreateBackupRequest* request,
                            v1::Backup* response) override;
  grpc::Status VerifyBackups(grpc::ServerContext* context,
                             const v1::VerifyBackupsRequest* request,
                             v1::VerifyBackupsResponse* response) override;
  grpc::Status VerifyStore(grpc::ServerContext* context, const v1::VerifyStoreRequest* request,
                           v1::VerifyStoreResponse* response) override;

 private:
  const Ready<BackupSource>* source_;
  const std::string backup_root_;
  const tls::Authorizer writers_;
  absl::Mutex backup_mu_;  // one backup at a time (held for its whole run)
};

}  // namespace dateline

#endif  // DATELINE_SERVICES_INGEST_ADMIN_SERVICE_H_
