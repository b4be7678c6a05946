#include "lib/backup/backup_proto.h"

namespace dateline::backup {

v1::Backup ToProto(const BackupSummary& s) {
  v1::Backup out;
  out.set_backup_id(s.id);
  out.set_sequence(s.sequence);
  out.set_format_version(s.format);
  out.mutable_create_time()->set_seconds(s.timestamp);
  out.set_size_bytes(s.size_bytes);
  out.set_file_count(s.file_count);
  return out;
}

}  // namespace dateline::backup
