#include "lib/metrics/store_metrics.h"

#include <optional>
#include <string>
#include <vector>

namespace dateline::metrics {
namespace {

struct Figure {
  const char* name;
  const char* help;
  const char* property;  // nullptr: the sequence
};

constexpr Figure kFigures[] = {
    {"dateline_store_live_sst_bytes", "Bytes of the store's live SST files.",
     "rocksdb.live-sst-files-size"},
    {"dateline_store_estimated_keys", "RocksDB's estimate of the keys in the store.",
     "rocksdb.estimate-num-keys"},
    {"dateline_store_pending_compaction_bytes",
     "Bytes RocksDB estimates compaction has to rewrite.",
     "rocksdb.estimate-pending-compaction-bytes"},
    {"dateline_store_block_cache_usage_bytes", "Bytes in the RocksDB block cache.",
     "rocksdb.block-cache-usage"},
    {"dateline_store_block_cache_pinned_bytes",
     "Bytes of block cache entries pinned by readers (index and filter blocks included).",
     "rocksdb.block-cache-pinned-usage"},
    {"dateline_store_memtable_bytes",
     "Bytes of the store's memtables (active, immutable and pinned), in memory.",
     "rocksdb.size-all-mem-tables"},
    {"dateline_store_table_readers_bytes",
     "Bytes RocksDB estimates its open table readers hold outside the block cache.",
     "rocksdb.estimate-table-readers-mem"},
    {"dateline_store_sequence", "Sequence number of the last write visible in the store.",
     nullptr},
};

}  // namespace

StoreMetrics::StoreMetrics(WithStore with_store)
    : FunctionGauges([with_store = std::move(with_store)] {
        std::vector<GaugeValue> out;
        with_store([&](const KvStore& kv) {
          for (const Figure& f : kFigures) {
            std::optional<uint64_t> v = f.property == nullptr
                                            ? std::optional<uint64_t>(kv.LatestSequence())
                                            : kv.IntProperty(f.property);
            if (v.has_value()) out.push_back({f.name, f.help, static_cast<double>(*v)});
          }
        });
        return out;
      }) {}

}  // namespace dateline::metrics
