#include "tools/datelinectl/progress.h"

#include <cmath>

#include "absl/strings/str_cat.h"

namespace dateline::ctl {

std::string FormatProgress(int64_t count, absl::Duration elapsed) {
  const double seconds = absl::ToDoubleSeconds(elapsed);
  const int64_t rate =
      seconds > 0 ? static_cast<int64_t>(std::llround(count / seconds)) : 0;
  return absl::StrCat(count, " events, ", rate, " events/s");
}

ProgressMeter::ProgressMeter(bool terminal, Writer write, Clock clock)
    : terminal_(terminal),
      write_(std::move(write)),
      clock_(std::move(clock)),
      interval_(terminal ? absl::Milliseconds(100) : absl::Seconds(2)) {
  absl::MutexLock lock(&mu_);
  start_ = clock_();
  last_report_ = start_;
}

void ProgressMeter::Add(int64_t n) {
  absl::MutexLock lock(&mu_);
  count_ += n;
  const absl::Time now = clock_();
  if (now - last_report_ >= interval_) ReportLocked(now, /*final=*/false);
}

void ProgressMeter::Finish() {
  absl::MutexLock lock(&mu_);
  if (finished_) return;
  finished_ = true;
  // A plain log gets a final line only if it showed progress before; a short
  // import stays quiet.
  if (terminal_ || reported_) ReportLocked(clock_(), /*final=*/true);
}

void ProgressMeter::ReportLocked(absl::Time now, bool final) {
  last_report_ = now;
  reported_ = true;
  const std::string line = FormatProgress(count_, now - start_);
  if (terminal_) {
    // Clear to end of line in case the previous text was longer.
    write_(absl::StrCat("\r", line, "\x1b[K", final ? "\n" : ""));
  } else {
    write_(absl::StrCat(line, "\n"));
  }
}

}  // namespace dateline::ctl
