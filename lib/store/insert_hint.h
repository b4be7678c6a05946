// KeyFamilyHint: the prefix RocksDB's memtable keeps an insert hint for
// (memtable_insert_with_hint_prefix_extractor). An ingest inserts each key family in
// near key order (a corpus arrives by date; a topic's rows by date), while one event
// writes several families: a hint per family lets a skiplist insert start next to
// the family's previous key instead of searching from the top.
//
//   E/ and A/ keys          -> "E/", "A/"         (canonical names and aliases by date)
//   T/ and X/ keys          -> up to the '\0'     (one topic or entity, by date)
//   M/ keys                 -> the whole key      (the same counter written again)
//   U/, R/, Q/ and others   -> not in the domain  (uids and request ids are random)
#ifndef DATELINE_LIB_STORE_INSERT_HINT_H_
#define DATELINE_LIB_STORE_INSERT_HINT_H_

#include "rocksdb/slice_transform.h"

namespace dateline {

class KeyFamilyHint : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "dateline.KeyFamilyHint"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override;
  bool InDomain(const rocksdb::Slice& key) const override;
};

}  // namespace dateline

#endif  // DATELINE_LIB_STORE_INSERT_HINT_H_
