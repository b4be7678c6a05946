// Finds archive pages (`news/YYYY/MM/DD/{slug}.md`) on disk.
#ifndef DATELINE_TOOLS_DATELINECTL_PAGE_FILES_H_
#define DATELINE_TOOLS_DATELINECTL_PAGE_FILES_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace dateline::ctl {

// A page file and the archive path the server gets for it.
struct PageFile {
  std::string file;          // path on disk, as found
  std::string archive_path;  // `news/YYYY/MM/DD/{slug}.md`
  bool operator==(const PageFile& o) const {
    return file == o.file && archive_path == o.archive_path;
  }
};

// The archive path of `file`: its last five path components when they have the
// form `news/YYYY/MM/DD/{slug}.md` (digits in the date parts, a non-empty slug
// other than `index`). nullopt otherwise.
std::optional<std::string> ArchivePathOf(const std::string& file);

// Pages under `path`:
//   - a directory: every regular file below it whose ArchivePathOf() is set,
//   sorted by
//     archive path; other files (day indexes, READMEs) are skipped.
//   - a `.md` file: that page; INVALID_ARGUMENT when it is not at an archive
//   path.
// NOT_FOUND when `path` does not exist; INVALID_ARGUMENT for other kinds of
// files.
absl::StatusOr<std::vector<PageFile>> FindPageFiles(const std::string& path);

}  // namespace dateline::ctl

#endif  // DATELINE_TOOLS_DATELINECTL_PAGE_FILES_H_
