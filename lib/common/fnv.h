// FNV-1a, 64 bits (http://www.isthe.com/chongo/tech/comp/fnv/): a small, stable,
// non-cryptographic hash. Stable across builds and platforms, so its values may be
// persisted.
#ifndef DATELINE_LIB_COMMON_FNV_H_
#define DATELINE_LIB_COMMON_FNV_H_

#include <cstdint>

#include "absl/strings/string_view.h"

namespace dateline {

// The standard FNV-1a 64 offset basis (0xcbf29ce484222325).
inline constexpr uint64_t kFnv1a64OffsetBasis = 14695981039346656037ULL;

// The offset basis Dateline's event uids (services/ingest/uid.h) and page tokens
// (services/query/page_token.h) have always been hashed with: the standard basis
// with its last decimal digit dropped (0x14650fb0739d0383). Uids are persisted, so
// those two keep it; anything new should use kFnv1a64OffsetBasis.
inline constexpr uint64_t kDatelineFnvOffsetBasis = 1469598103934665603ULL;

inline constexpr uint64_t kFnv1a64Prime = 1099511628211ULL;  // 0x100000001b3

// FNV-1a 64 of `data`, starting from `basis`.
constexpr uint64_t Fnv1a64(absl::string_view data,
                           uint64_t basis = kFnv1a64OffsetBasis) {
  uint64_t h = basis;
  for (char c : data) {
    h ^= static_cast<unsigned char>(c);
    h *= kFnv1a64Prime;
  }
  return h;
}

}  // namespace dateline

#endif  // DATELINE_LIB_COMMON_FNV_H_
