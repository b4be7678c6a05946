// For backup tests: is a restored store exactly the source as it was at a sequence?
#ifndef DATELINE_LIB_BACKUP_TESTING_RESTORE_CHECK_H_
#define DATELINE_LIB_BACKUP_TESTING_RESTORE_CHECK_H_

#include <cstdint>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "lib/store/rocks_kv_store.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"

namespace dateline::backup::testing {

// Every key and value of `kv` (a scan error becomes a row "<scan failed>").
inline std::map<std::string, std::string> Contents(const KvStore& kv) {
  std::map<std::string, std::string> out;
  absl::Status st = kv.Scan("", std::string(8, '\xff'), false,
                            [&](absl::string_view k, absl::string_view v) {
                              out.emplace(std::string(k), std::string(v));
                              return true;
                            });
  if (!st.ok()) out.emplace("<scan failed>", st.ToString());
  return out;
}

// "" when `restored` (which must be at exactly `sequence`) holds what `source` held at
// `sequence`; otherwise what differs. It replays the source's committed batches after
// `sequence` (its write-ahead log must still hold them) onto `restored`, which then must
// end at the source's sequence and equal it key by key. `restored` is written to.
inline std::string CompareRestoredAt(const RocksKvStore& source, RocksKvStore* restored,
                                     uint64_t sequence) {
  if (restored->LatestSequence() != sequence) {
    return absl::StrCat("restored store is at sequence ", restored->LatestSequence(),
                        ", expected ", sequence);
  }
  const uint64_t end = source.LatestSequence();
  uint64_t next = sequence + 1;
  std::string problem;
  absl::Status read = source.ReadWal(next, end, [&](WalBatch batch) {
    if (batch.sequence != next) {
      problem = absl::StrCat("the source's batch after the backup starts at ", batch.sequence,
                             ", expected ", next, " (the backup is not at a batch boundary)");
      return false;
    }
    next = batch.last() + 1;
    rocksdb::WriteBatch wb(batch.data);
    // Raw batches straight into RocksDB: this check's stand-in for the writer.
    rocksdb::Status s = restored->rocks_db()->Write(rocksdb::WriteOptions(), &wb);
    if (!s.ok()) problem = s.ToString();
    return s.ok();
  });
  if (!problem.empty()) return problem;
  if (!read.ok()) return read.ToString();
  if (next != end + 1) return absl::StrCat("replay ended at ", next - 1, ", source at ", end);
  const std::map<std::string, std::string> want = Contents(source);
  const std::map<std::string, std::string> got = Contents(*restored);
  if (want == got) return "";
  for (const auto& [k, v] : want) {
    auto it = got.find(k);
    if (it == got.end()) return absl::StrCat("missing key ", k);
    if (it->second != v) return absl::StrCat("key ", k, " differs");
  }
  for (const auto& [k, v] : got) {
    if (want.count(k) == 0) return absl::StrCat("extra key ", k);
  }
  return "contents differ";
}

}  // namespace dateline::backup::testing

#endif  // DATELINE_LIB_BACKUP_TESTING_RESTORE_CHECK_H_
