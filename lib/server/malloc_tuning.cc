#include "lib/server/malloc_tuning.h"

#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/str_cat.h"

namespace dateline {

absl::Status TuneMalloc(const MallocTuning& tuning) {
  if (tuning.arenas < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "malloc_arenas: must be 0 (glibc's default) or more, got ", tuning.arenas));
  }
  constexpr size_t kMaxThreshold = size_t{32} << 20;  // glibc's HEAP_MAX_SIZE / 2
  if (tuning.mmap_threshold_bytes > kMaxThreshold) {
    return absl::InvalidArgumentError(
        absl::StrCat("malloc_mmap_threshold_kb: at most ", kMaxThreshold >> 10, " KiB, got ",
                     tuning.mmap_threshold_bytes >> 10));
  }
  if (tuning.arenas > 0 && mallopt(M_ARENA_MAX, tuning.arenas) != 1) {
    return absl::InternalError(
        absl::StrCat("malloc_arenas: glibc refused M_ARENA_MAX=", tuning.arenas));
  }
  if (tuning.mmap_threshold_bytes > 0 &&
      mallopt(M_MMAP_THRESHOLD, static_cast<int>(tuning.mmap_threshold_bytes)) != 1) {
    return absl::InternalError(absl::StrCat("malloc_mmap_threshold_kb: glibc refused ",
                                            tuning.mmap_threshold_bytes, " bytes"));
  }
  return absl::OkStatus();
}

int MallocArenaCount() {
  char* buf = nullptr;
  size_t size = 0;
  FILE* f = open_memstream(&buf, &size);
  if (f == nullptr) return -1;
  int rc = malloc_info(0, f);
  std::fclose(f);
  int count = -1;
  if (rc == 0) {
    // One <heap nr="N"> element per arena.
    std::string xml(buf, size);
    count = 0;
    for (size_t at = xml.find("<heap nr="); at != std::string::npos;
         at = xml.find("<heap nr=", at + 1)) {
      ++count;
    }
  }
  std::free(buf);
  return count;
}

}  // namespace dateline
