// A KvStore that forwards to another and counts point reads and scanned rows, for
// tests that pin how many reads a request costs.
#ifndef DATELINE_LIB_STORE_TESTING_COUNTING_KV_STORE_H_
#define DATELINE_LIB_STORE_TESTING_COUNTING_KV_STORE_H_

#include <atomic>
#include <cstdint>

#include "lib/store/kv_store.h"

namespace dateline::testing {

class CountingKvStore : public KvStore {
 public:
  explicit CountingKvStore(KvStore* base) : base_(base) {}  // not owned

  int64_t gets() const { return gets_; }
  // MultiGet calls, and the keys they asked for (not counted in gets()).
  int64_t multi_gets() const { return multi_gets_; }
  int64_t multi_get_keys() const { return multi_get_keys_; }
  int64_t scanned_rows() const { return scanned_rows_; }
  void Reset() {
    gets_ = 0;
    multi_gets_ = 0;
    multi_get_keys_ = 0;
    scanned_rows_ = 0;
  }

  absl::StatusOr<std::optional<std::string>> Get(absl::string_view key) const override {
    ++gets_;
    return base_->Get(key);
  }
  absl::StatusOr<std::vector<std::optional<std::string>>> MultiGet(
      const std::vector<std::string>& keys) const override {
    ++multi_gets_;
    multi_get_keys_ += static_cast<int64_t>(keys.size());
    return base_->MultiGet(keys);
  }
  absl::Status Write(const KvBatch& batch, bool sync) override {
    return base_->Write(batch, sync);
  }
  absl::Status Scan(absl::string_view start, absl::string_view limit, bool reverse,
                    const ScanFn& fn) const override {
    return base_->Scan(start, limit, reverse, [&](absl::string_view k, absl::string_view v) {
      ++scanned_rows_;
      return fn(k, v);
    });
  }
  absl::Status SyncWal() override { return base_->SyncWal(); }
  uint64_t LatestSequence() const override { return base_->LatestSequence(); }
  absl::Status CatchUp() override { return base_->CatchUp(); }
  absl::Status Close() override { return base_->Close(); }

 private:
  KvStore* const base_;
  mutable std::atomic<int64_t> gets_{0};
  mutable std::atomic<int64_t> multi_gets_{0};
  mutable std::atomic<int64_t> multi_get_keys_{0};
  mutable std::atomic<int64_t> scanned_rows_{0};
};

}  // namespace dateline::testing

#endif  // DATELINE_LIB_STORE_TESTING_COUNTING_KV_STORE_H_
