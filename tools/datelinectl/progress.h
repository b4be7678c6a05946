// The live progress line of an import: `N events, X events/s` on stderr.
#ifndef DATELINE_TOOLS_DATELINECTL_PROGRESS_H_
#define DATELINE_TOOLS_DATELINECTL_PROGRESS_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace dateline::ctl {

// `N events, X events/s` (rate rounded to an integer; 0 when no time has
// passed).
std::string FormatProgress(int64_t count, absl::Duration elapsed);

// Reports progress through `write` (e.g. to stderr). On a terminal the line is
// rewritten in place (`\r` + line, at most every 100 ms); otherwise a plain
// line ending in `\n` is written at most every 2 s. The clock is injected for
// tests. Thread-safe.
class ProgressMeter {
 public:
  using Clock = std::function<absl::Time()>;
  using Writer = std::function<void(const std::string&)>;

  ProgressMeter(bool terminal, Writer write, Clock clock = &absl::Now);

  // Adds `n` finished items and reports if it is time to.
  void Add(int64_t n = 1);
  // Writes the final state once (on a terminal, ends the line).
  void Finish();

 private:
  void ReportLocked(absl::Time now, bool final)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const bool terminal_;
  const Writer write_;
  const Clock clock_;
  const absl::Duration interval_;
  absl::Mutex mu_;
  absl::Time start_ ABSL_GUARDED_BY(mu_);
  absl::Time last_report_ ABSL_GUARDED_BY(mu_);
  int64_t count_ ABSL_GUARDED_BY(mu_) = 0;
  bool reported_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace dateline::ctl

#endif  // DATELINE_TOOLS_DATELINECTL_PROGRESS_H_
