// RocksDB figures of the open store, read at each scrape (none while it is not open):
//
//   dateline_store_live_sst_bytes            rocksdb.live-sst-files-size
//   dateline_store_estimated_keys            rocksdb.estimate-num-keys
//   dateline_store_pending_compaction_bytes  rocksdb.estimate-pending-compaction-bytes
//   dateline_store_block_cache_usage_bytes   rocksdb.block-cache-usage
//   dateline_store_block_cache_pinned_bytes  rocksdb.block-cache-pinned-usage
//   dateline_store_memtable_bytes            rocksdb.size-all-mem-tables
//   dateline_store_table_readers_bytes       rocksdb.estimate-table-readers-mem
//   dateline_store_sequence                  sequence number of the last visible write
//                                            (a secondary: the writer's; a replica: its
//                                            copy's own, see dateline_replica_*)
#ifndef DATELINE_LIB_METRICS_STORE_METRICS_H_
#define DATELINE_LIB_METRICS_STORE_METRICS_H_

#include <functional>
#include "lib/metrics/function_gauges.h"
#include "lib/store/kv_store.h"

namespace dateline::metrics {

// The figures as FunctionGauges, computed from the open store at each scrape.
class StoreMetrics : public FunctionGauges {
 public:
  // Calls its argument with the open store if there is one, while keeping it open.
  using WithStore = std::function<void(const std::function<void(const KvStore&)>&)>;
  explicit StoreMetrics(WithStore with_store);
};

}  // namespace dateline::metrics

#endif  // DATELINE_LIB_METRICS_STORE_METRICS_H_
