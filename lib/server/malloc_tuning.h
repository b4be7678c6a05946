// glibc malloc settings for a long-running server over RocksDB.
//
// Two glibc defaults make a server's RSS climb for hours although its live memory is
// bounded (measured in docs/reliability.md, "Soak"):
//
// - Arenas. glibc gives new threads their own malloc arena, up to 8 per core, and
//   memory freed in an arena stays with it. A query server's threads took turns
//   allocating memtables and pages, and its RSS rose 43% in a 10-minute soak; with
//   2 arenas it stayed flat.
// - The dynamic mmap threshold. RocksDB allocates each memtable in blocks of a few MiB
//   (an eighth of the write buffer). glibc first maps such blocks (and unmaps them on
//   free), but after the first such free it raises its threshold above their size and
//   serves later blocks from the heap, where a flushed memtable's pages stay resident.
//   A fixed threshold keeps every block at or above it mapped, so a flushed memtable's
//   memory goes back to the system and RSS follows the live memory (docs/reliability.md:
//   ingest peak 173 MiB instead of 290).
#ifndef DATELINE_LIB_SERVER_MALLOC_TUNING_H_
#define DATELINE_LIB_SERVER_MALLOC_TUNING_H_

#include <cstddef>

#include "absl/status/status.h"

namespace dateline {

struct MallocTuning {
  int arenas = 0;                  // M_ARENA_MAX; 0 = glibc's default (8 per core)
  size_t mmap_threshold_bytes = 0;  // M_MMAP_THRESHOLD, fixed; 0 = glibc's dynamic one
};

// Applies `tuning`; call it first in main, before threads start (arenas created before
// stay). INVALID_ARGUMENT naming the setting for a negative arena count or a threshold
// above glibc's maximum (32 MiB on 64-bit); INTERNAL if glibc refuses.
absl::Status TuneMalloc(const MallocTuning& tuning);

// The number of arenas glibc malloc has created in this process (from malloc_info), or
// -1 when it cannot tell.
int MallocArenaCount();

}  // namespace dateline

#endif  // DATELINE_LIB_SERVER_MALLOC_TUNING_H_
