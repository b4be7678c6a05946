// Where an admin call may put backups: inside the directory the operator named with
// --backup_root, never elsewhere on the ingest's filesystem.
#ifndef DATELINE_LIB_BACKUP_BACKUP_ROOT_H_
#define DATELINE_LIB_BACKUP_BACKUP_ROOT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dateline::backup {

// `requested` (absolute, or relative to `root`) as an absolute normalized path inside
// `root`. Lexical: `..` components are resolved, symbolic links are not followed (the
// operator owns the root's contents). Errors: FAILED_PRECONDITION when `root` is empty
// (backups are off); INVALID_ARGUMENT naming `field` when `requested` is empty, is
// the root itself, or leads outside the root.
absl::StatusOr<std::string> ResolveBackupDir(absl::string_view root, absl::string_view requested,
                                             absl::string_view field = "backup_dir");

}  // namespace dateline::backup

#endif  // DATELINE_LIB_BACKUP_BACKUP_ROOT_H_
