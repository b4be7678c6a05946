// What a Dateline backup records about itself, in RocksDB BackupEngine's per-backup
// application metadata: the store format version (lib/store/keys.h) and the sequence
// number the backup holds everything up to. Text, one `key=value` per line after a
// first line naming the encoding:
//
//   dateline-backup 1
//   format=1
//   sequence=123456
#ifndef DATELINE_LIB_BACKUP_BACKUP_METADATA_H_
#define DATELINE_LIB_BACKUP_BACKUP_METADATA_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dateline::backup {

struct BackupMetadata {
  std::string format;     // the store's format version, e.g. "1"
  uint64_t sequence = 0;  // the store holds every write up to this sequence
};

std::string EncodeMetadata(const BackupMetadata& metadata);

// Errors: FAILED_PRECONDITION when `text` is not a Dateline backup's metadata (empty:
// a backup made by another program) or uses an encoding newer than this build reads;
// the message says which.
absl::StatusOr<BackupMetadata> DecodeMetadata(absl::string_view text);

}  // namespace dateline::backup

#endif  // DATELINE_LIB_BACKUP_BACKUP_METADATA_H_
