// The served event's bytes inside a stored event row, without parsing the row.
//
// An event row (keys::Event) holds a serialized storage.v1.StoredEvent whose field 1
// is the dateline.v1.Event as served. A point read that only serves the event
// (GetEvent) can hand those bytes to gRPC as they are, instead of parsing the whole row
// into messages and serializing the event again (docs/benchmarks.md, "GetEvent").
#ifndef DATELINE_LIB_STORE_STORED_EVENT_BYTES_H_
#define DATELINE_LIB_STORE_STORED_EVENT_BYTES_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dateline {

// The serialized dateline.v1.Event of a serialized StoredEvent `row`: exactly what
// parsing the row and serializing its `event` gives, up to field order (occurrences of
// field 1 are concatenated, which is how protobuf merges them). The event's own bytes
// are not parsed: their integrity is RocksDB's block checksum, verified on every read.
// The row's other fields are skipped by their wire format, not parsed.
// Errors: DATA_LOSS naming `key` when the row's outer wire format is malformed (a bad
// tag, a length past the end or over 2 GiB, an `event` field that is not
// length-delimited: protobuf would keep that one as an unknown field).
absl::StatusOr<std::string> EventBytesOfRow(absl::string_view row, absl::string_view key);

}  // namespace dateline

#endif  // DATELINE_LIB_STORE_STORED_EVENT_BYTES_H_
