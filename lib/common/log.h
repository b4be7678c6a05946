// Minimal structured logging to stderr: one line per call, with a UTC timestamp.
// Thread-safe (each line is written with a single write(2)).
#ifndef DATELINE_LIB_COMMON_LOG_H_
#define DATELINE_LIB_COMMON_LOG_H_

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace dateline {

// Writes "2026-11-21T17:00:00.123Z LEVEL message\n" to stderr.
void LogLine(absl::string_view level, absl::string_view message);

template <typename... Args>
void LogInfo(const Args&... args) {
  LogLine("INFO", absl::StrCat(args...));
}
template <typename... Args>
void LogError(const Args&... args) {
  LogLine("ERROR", absl::StrCat(args...));
}

}  // namespace dateline

#endif  // DATELINE_LIB_COMMON_LOG_H_
