// Parses a JSON Lines stream ahead of its consumer, on a thread of its own.
//
// `datelinectl import` parses each line (protobuf's JSON parser, ~10 µs a line) on the
// thread that also sends the requests; with a JsonlPrefetcher the parsing of the next
// lines overlaps the sending of the previous ones (docs/benchmarks.md, "Import").
#ifndef DATELINE_LIB_CLIENT_JSONL_PREFETCHER_H_
#define DATELINE_LIB_CLIENT_JSONL_PREFETCHER_H_

#include <cstddef>
#include <deque>
#include <istream>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "lib/client/jsonl_reader.h"

namespace dateline::client {

// The lines of a JsonlReader over `in`, in order, each exactly as JsonlReader::Next
// gives it, parsed by a background thread at most `depth` lines ahead. Next is for one
// consumer thread. `in` must outlive this object; the destructor stops the thread,
// also before the input's end.
class JsonlPrefetcher {
 public:
  explicit JsonlPrefetcher(std::istream* in, size_t depth = 1024);
  ~JsonlPrefetcher();
  JsonlPrefetcher(const JsonlPrefetcher&) = delete;
  JsonlPrefetcher& operator=(const JsonlPrefetcher&) = delete;

  // As JsonlReader::Next: the next non-blank line, or false at the end of the input.
  bool Next(JsonlLine* out);
  // As JsonlReader::ReadError, once Next has returned false.
  bool ReadError() const;

 private:
  void Run();
  bool HalfEmptyOrStopped() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stop_ || ready_.size() <= depth_ / 2;
  }
  bool HasLineOrDone() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !ready_.empty() || done_;
  }

  JsonlReader reader_;  // used by the background thread only
  const size_t depth_;
  mutable absl::Mutex mu_;
  std::deque<JsonlLine> ready_ ABSL_GUARDED_BY(mu_);
  bool done_ ABSL_GUARDED_BY(mu_) = false;
  bool read_error_ ABSL_GUARDED_BY(mu_) = false;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;  // last: starts once the members above exist
};

}  // namespace dateline::client

#endif  // DATELINE_LIB_CLIENT_JSONL_PREFETCHER_H_
