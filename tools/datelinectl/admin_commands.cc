#include "tools/datelinectl/admin_commands.h"

#include <grpcpp/client_context.h>

#include <chrono>
#include <vector>

#include "lib/backup/backup_proto.h"
#include "lib/backup/store_backup.h"
#include "lib/client/grpc_status.h"
#include "tools/datelinectl/query_commands.h"

namespace dateline::ctl {
namespace {

absl::Status Report(const absl::Status& status, std::ostream& err) {
  if (!status.ok()) err << "datelinectl: " << client::FormatStatus(status) << "\n";
  return status;
}

void PrintAll(const std::vector<backup::BackupSummary>& backups, std::ostream& out) {
  v1::VerifyBackupsResponse list;
  for (const backup::BackupSummary& b : backups) *list.add_backups() = backup::ToProto(b);
  out << ToJson(list);
}

}  // namespace

absl::Status RunBackup(v1::AdminService::StubInterface* stub, const BackupOptions& options,
                       std::ostream& out, std::ostream& err) {
  auto deadline = [&] {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() +
                          absl::ToChronoMilliseconds(options.timeout));
    return context;
  };
  v1::CreateBackupRequest request;
  request.set_backup_dir(options.to);
  if (options.keep_last > 0) request.set_keep_last(options.keep_last);
  v1::Backup made;
  absl::Status st = client::FromGrpcStatus(stub->CreateBackup(deadline().get(), request, &made));
  if (!st.ok()) return Report(st, err);
  out << ToJson(made);
  if (!options.verify) return absl::OkStatus();
  v1::VerifyBackupsRequest verify;
  verify.set_backup_dir(options.to);
  v1::VerifyBackupsResponse verified;
  st = client::FromGrpcStatus(stub->VerifyBackups(deadline().get(), verify, &verified));
  if (!st.ok()) return Report(st, err);
  out << ToJson(verified);
  return absl::OkStatus();
}

absl::Status RunCheckStore(v1::AdminService::StubInterface* stub, absl::Duration timeout,
                           std::ostream& out, std::ostream& err) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + absl::ToChronoMilliseconds(timeout));
  v1::VerifyStoreResponse checked;
  absl::Status st =
      client::FromGrpcStatus(stub->VerifyStore(&context, v1::VerifyStoreRequest(), &checked));
  if (!st.ok()) return Report(st, err);
  out << ToJson(checked);
  return absl::OkStatus();
}

absl::Status RunListBackups(const std::string& dir, std::ostream& out, std::ostream& err) {
  absl::StatusOr<std::vector<backup::BackupSummary>> list = backup::ListBackups(dir);
  if (!list.ok()) return Report(list.status(), err);
  PrintAll(*list, out);
  return absl::OkStatus();
}

absl::Status RunVerifyBackups(const std::string& dir, std::ostream& out, std::ostream& err) {
  absl::StatusOr<std::vector<backup::BackupSummary>> list = backup::VerifyBackups(dir);
  if (!list.ok()) return Report(list.status(), err);
  PrintAll(*list, out);
  return absl::OkStatus();
}

absl::Status RunRestore(const std::string& from, const std::string& db,
                        std::optional<uint32_t> backup_id, std::ostream& out,
                        std::ostream& err) {
  absl::StatusOr<backup::BackupSummary> restored = backup::RestoreBackup(from, backup_id, db);
  if (!restored.ok()) return Report(restored.status(), err);
  out << ToJson(backup::ToProto(*restored));
  return absl::OkStatus();
}

}  // namespace dateline::ctl
