#include "lib/backup/backup_metadata.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace dateline::backup {
namespace {

constexpr absl::string_view kMagic = "dateline-backup";
constexpr absl::string_view kEncoding = "1";

}  // namespace

std::string EncodeMetadata(const BackupMetadata& metadata) {
  return absl::StrCat(kMagic, " ", kEncoding, "\nformat=", metadata.format,
                      "\nsequence=", metadata.sequence, "\n");
}

absl::StatusOr<BackupMetadata> DecodeMetadata(absl::string_view text) {
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n', absl::SkipEmpty());
  if (lines.empty() || !absl::StartsWith(lines[0], absl::StrCat(kMagic, " "))) {
    return absl::FailedPreconditionError(
        "not a Dateline backup (its metadata does not say dateline-backup)");
  }
  const absl::string_view encoding = lines[0].substr(kMagic.size() + 1);
  if (encoding != kEncoding) {
    return absl::FailedPreconditionError(absl::StrCat(
        "backup metadata encoding ", encoding, " is newer than this build reads (", kEncoding,
        ")"));
  }
  BackupMetadata m;
  bool has_format = false;
  bool has_sequence = false;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::pair<absl::string_view, absl::string_view> kv = absl::StrSplit(lines[i], '=');
    if (kv.first == "format") {
      m.format = std::string(kv.second);
      has_format = !m.format.empty();
    } else if (kv.first == "sequence") {
      has_sequence = absl::SimpleAtoi(kv.second, &m.sequence);
    }
  }
  if (!has_format || !has_sequence) {
    return absl::FailedPreconditionError(
        "backup metadata lacks its store format or sequence");
  }
  return m;
}

}  // namespace dateline::backup
