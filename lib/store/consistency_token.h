// Consistency tokens: opaque strings carrying the store sequence number a write
// reached. The ingest hands them out; the query waits until its store has caught up.
#ifndef DATELINE_LIB_STORE_CONSISTENCY_TOKEN_H_
#define DATELINE_LIB_STORE_CONSISTENCY_TOKEN_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dateline {

std::string EncodeConsistencyToken(uint64_t sequence);

// Errors: INVALID_ARGUMENT naming `field` when `token` was not made by
// EncodeConsistencyToken.
absl::StatusOr<uint64_t> DecodeConsistencyToken(absl::string_view token,
                                                absl::string_view field);

}  // namespace dateline

#endif  // DATELINE_LIB_STORE_CONSISTENCY_TOKEN_H_
