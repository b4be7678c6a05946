#include "lib/metrics/process_metrics.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace dateline::metrics {
namespace {

prometheus::MetricFamily One(const std::string& name, const std::string& help,
                             prometheus::MetricType type, double value) {
  prometheus::MetricFamily f;
  f.name = name;
  f.help = help;
  f.type = type;
  prometheus::ClientMetric m;
  if (type == prometheus::MetricType::Counter) {
    m.counter.value = value;
  } else {
    m.gauge.value = value;
  }
  f.metric.push_back(std::move(m));
  return f;
}

// A "Key:   N kB" line of /proc/self/status, in bytes (or a plain count).
double StatusField(const std::string& status, const std::string& key, bool kb) {
  for (absl::string_view line : absl::StrSplit(status, '\n')) {
    if (!absl::ConsumePrefix(&line, key)) continue;
    if (!absl::ConsumePrefix(&line, ":")) continue;
    line = absl::StripAsciiWhitespace(line);
    absl::ConsumeSuffix(&line, " kB");
    double v = 0;
    if (absl::SimpleAtod(line, &v)) return kb ? v * 1024 : v;
  }
  return 0;
}

}  // namespace

std::vector<prometheus::MetricFamily> ProcessMetrics::Collect() const {
  std::vector<prometheus::MetricFamily> out;
  std::string status;
  {
    std::ifstream in("/proc/self/status");
    std::stringstream ss;
    ss << in.rdbuf();
    status = ss.str();
  }
  out.push_back(One("process_resident_memory_bytes", "Resident memory size in bytes.",
                    prometheus::MetricType::Gauge, StatusField(status, "VmRSS", true)));
  out.push_back(One("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                    prometheus::MetricType::Gauge, StatusField(status, "VmSize", true)));
  out.push_back(One("process_threads", "Threads of the process.",
                    prometheus::MetricType::Gauge, StatusField(status, "Threads", false)));
  double fds = -1;  // the iterator's own descriptor on /proc/self/fd is listed too
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++fds;
  }
  if (fds < 0) fds = 0;
  out.push_back(One("process_open_fds", "Open file descriptors.",
                    prometheus::MetricType::Gauge, fds));

  // /proc/self/stat: fields after the command's closing parenthesis; utime and stime
  // are fields 14 and 15, starttime 22 (clock ticks since boot).
  std::string stat;
  {
    std::ifstream in("/proc/self/stat");
    std::getline(in, stat);
  }
  const size_t close = stat.rfind(')');
  if (close != std::string::npos) {
    std::vector<std::string> f = absl::StrSplit(stat.substr(close + 2), ' ');
    const double hz = static_cast<double>(sysconf(_SC_CLK_TCK));
    double utime = 0, stime = 0, start = 0;
    // f[0] is field 3 (state).
    if (f.size() > 19 && absl::SimpleAtod(f[11], &utime) && absl::SimpleAtod(f[12], &stime) &&
        absl::SimpleAtod(f[19], &start)) {
      out.push_back(One("process_cpu_seconds_total", "User and system CPU time, in seconds.",
                        prometheus::MetricType::Counter, (utime + stime) / hz));
      double boot = 0;
      std::ifstream in("/proc/stat");
      std::string line;
      while (std::getline(in, line)) {
        absl::string_view l = line;
        if (absl::ConsumePrefix(&l, "btime ")) (void)absl::SimpleAtod(l, &boot);
      }
      out.push_back(One("process_start_time_seconds",
                        "Start time of the process since the Unix epoch, in seconds.",
                        prometheus::MetricType::Gauge, boot + start / hz));
    }
  }
  return out;
}

}  // namespace dateline::metrics
