// Ready<T>: a slot that is empty until start-up has built T (e.g. once the store is
// open). Handlers ask for it and answer UNAVAILABLE while it is empty.
#ifndef DATELINE_LIB_SERVER_READY_H_
#define DATELINE_LIB_SERVER_READY_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace dateline {

template <typename T>
class Ready {
 public:
  void Set(std::unique_ptr<T> value) {
    absl::MutexLock lock(&mu_);
    value_ = std::move(value);
  }
  // The value, or UNAVAILABLE (retryable) while start-up is still opening the store.
  absl::StatusOr<T*> Get() const {
    absl::MutexLock lock(&mu_);
    if (value_ == nullptr) return absl::UnavailableError("store is not open yet; retry");
    return value_.get();
  }

  // Calls fn(T&) if the value is set, holding it so that Set cannot destroy it
  // meanwhile (fn must be quick and must not call Set).
  template <typename Fn>
  void With(Fn fn) const {
    absl::MutexLock lock(&mu_);
    if (value_ != nullptr) fn(*value_);
  }

 private:
  mutable absl::Mutex mu_;
  std::unique_ptr<T> value_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dateline

#endif  // DATELINE_LIB_SERVER_READY_H_
