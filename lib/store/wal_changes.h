// The event changes a replicated write batch carries: its ChangeRecord (WAL-only log
// data, see EventBatch::SetChange) joined with the event row the batch writes.
// Replicas turn them into WatchEvents changes without knowing the key layout.
#ifndef DATELINE_LIB_STORE_WAL_CHANGES_H_
#define DATELINE_LIB_STORE_WAL_CHANGES_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "dateline/storage/v1/storage.pb.h"

namespace dateline {

struct EventChange {
  storage::v1::ChangeRecord record;
  storage::v1::StoredEvent event;  // the event row the batch wrote for record.name
};

// The changes in `batch_data` (a serialized rocksdb::WriteBatch), in batch order;
// empty for batches that record none. Errors: DATA_LOSS when the batch does not parse,
// a record does not parse, or a record names an event the batch does not write.
absl::StatusOr<std::vector<EventChange>> DecodeChanges(absl::string_view batch_data);

}  // namespace dateline

#endif  // DATELINE_LIB_STORE_WAL_CHANGES_H_
