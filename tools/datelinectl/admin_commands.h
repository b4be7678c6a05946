// Admin subcommands of datelinectl: backups and the store check.
//
//   backup --to=DIR [--keep_last=N] [--verify]   the ingest backs its store up into DIR
//                                                (on the ingest's filesystem, under its
//                                                --backup_root): AdminService RPCs
//   backups DIR                                  list the backups in a local DIR
//   verify DIR                                   check every backup's checksums (local)
//   restore --from=DIR --db=NEWDIR [--backup_id=N]
//                                                restore a backup into a new store (local,
//                                                offline: no server involved)
//   check-store                                  the ingest reads every table file of its
//                                                live store and checks the checksums
//
// Results are printed to `out` as protobuf JSON (dateline.v1.Backup); errors to `err`
// as `CODE: message`. Each returns the status it printed.
#ifndef DATELINE_TOOLS_DATELINECTL_ADMIN_COMMANDS_H_
#define DATELINE_TOOLS_DATELINECTL_ADMIN_COMMANDS_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "dateline/v1/admin_service.grpc.pb.h"

namespace dateline::ctl {

struct BackupOptions {
  std::string to;                 // backup directory (required)
  int32_t keep_last = 0;          // 0: keep all
  bool verify = false;            // then VerifyBackups on the same directory
  absl::Duration timeout = absl::Minutes(30);
};

absl::Status RunBackup(v1::AdminService::StubInterface* stub, const BackupOptions& options,
                       std::ostream& out, std::ostream& err);

absl::Status RunCheckStore(v1::AdminService::StubInterface* stub, absl::Duration timeout,
                           std::ostream& out, std::ostream& err);

absl::Status RunListBackups(const std::string& dir, std::ostream& out, std::ostream& err);

absl::Status RunVerifyBackups(const std::string& dir, std::ostream& out, std::ostream& err);

absl::Status RunRestore(const std::string& from, const std::string& db,
                        std::optional<uint32_t> backup_id, std::ostream& out,
                        std::ostream& err);

}  // namespace dateline::ctl

#endif  // DATELINE_TOOLS_DATELINECTL_ADMIN_COMMANDS_H_
