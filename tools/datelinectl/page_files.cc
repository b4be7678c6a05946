#include "tools/datelinectl/page_files.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace dateline::ctl {
namespace {

namespace fs = std::filesystem;

bool AllDigits(const std::string& s, size_t len) {
  return s.size() == len && std::all_of(s.begin(), s.end(), [](char c) {
           return absl::ascii_isdigit(c);
         });
}

}  // namespace

std::optional<std::string> ArchivePathOf(const std::string& file) {
  std::vector<std::string> parts;
  for (const auto& part : fs::path(file)) parts.push_back(part.string());
  if (parts.size() < 5) return std::nullopt;
  const auto n = parts.size();
  const std::string& name = parts[n - 1];
  if (parts[n - 5] != "news" || !AllDigits(parts[n - 4], 4) ||
      !AllDigits(parts[n - 3], 2) || !AllDigits(parts[n - 2], 2) ||
      !absl::EndsWith(name, ".md") || name.size() <= 3 || name == "index.md") {
    return std::nullopt;
  }
  return absl::StrJoin(parts.begin() + (n - 5), parts.end(), "/");
}

absl::StatusOr<std::vector<PageFile>> FindPageFiles(const std::string& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    return absl::NotFoundError(
        absl::StrCat(path, ": no such file or directory"));
  }
  std::vector<PageFile> pages;
  if (fs::is_directory(status)) {
    fs::recursive_directory_iterator it(
        path, fs::directory_options::follow_directory_symlink, ec);
    if (ec) {
      return absl::PermissionDeniedError(
          absl::StrCat(path, ": ", ec.message()));
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) {
        return absl::PermissionDeniedError(
            absl::StrCat(it->path().string(), ": ", ec.message()));
      }
      if (!it->is_regular_file()) continue;
      std::string file = it->path().string();
      if (auto archive = ArchivePathOf(file)) {
        pages.push_back(PageFile{std::move(file), *std::move(archive)});
      }
    }
    std::sort(pages.begin(), pages.end(),
              [](const PageFile& a, const PageFile& b) {
                return a.archive_path < b.archive_path;
              });
    return pages;
  }
  if (fs::is_regular_file(status) && absl::EndsWith(path, ".md")) {
    auto archive = ArchivePathOf(path);
    if (!archive) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": a page must be at news/YYYY/MM/DD/{slug}.md"));
    }
    pages.push_back(PageFile{path, *std::move(archive)});
    return pages;
  }
  return absl::InvalidArgumentError(
      absl::StrCat(path, ": expected a directory or a .md page"));
}

}  // namespace dateline::ctl
