#include "lib/backup/backup_root.h"

#include <filesystem>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace dateline::backup {

absl::StatusOr<std::string> ResolveBackupDir(absl::string_view root, absl::string_view requested,
                                             absl::string_view field) {
  namespace fs = std::filesystem;
  if (root.empty()) {
    return absl::FailedPreconditionError(
        "backups are off: start dateline-ingest with --backup_root=DIR");
  }
  if (requested.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  auto strip = [](std::string s) {
    while (s.size() > 1 && s.back() == '/') s.pop_back();
    return s;
  };
  const fs::path base = fs::absolute(fs::path(std::string(root))).lexically_normal();
  fs::path p = fs::path(std::string(requested));
  if (p.is_relative()) p = base / p;
  const std::string base_dir = strip(base.string());
  const std::string out = strip(p.lexically_normal().string());
  // Inside means below: /backup2 is not inside /backup, nor is /backup itself.
  const std::string prefix = base_dir == "/" ? "/" : base_dir + "/";
  if (out.size() <= prefix.size() || out.compare(0, prefix.size(), prefix) != 0) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", requested,
                                                   " is not inside --backup_root=", root));
  }
  return out;
}

}  // namespace dateline::backup
