// BackupSummary as the dateline.v1.Backup message (the admin RPC's answer and what
// datelinectl prints for local backup directories alike).
#ifndef DATELINE_LIB_BACKUP_BACKUP_PROTO_H_
#define DATELINE_LIB_BACKUP_BACKUP_PROTO_H_

#include "dateline/v1/admin_service.pb.h"
#include "lib/backup/store_backup.h"

namespace dateline::backup {

// Every field but added_bytes, which only CreateBackup's answer carries.
v1::Backup ToProto(const BackupSummary& summary);

}  // namespace dateline::backup

#endif  // DATELINE_LIB_BACKUP_BACKUP_PROTO_H_
