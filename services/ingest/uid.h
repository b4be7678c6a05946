// Event uids: stable across renames, derived from the event's first name so that
// importing the same data in any order gives the same store contents.
#ifndef DATELINE_SERVICES_INGEST_UID_H_
#define DATELINE_SERVICES_INGEST_UID_H_

#include <string>

#include "absl/strings/string_view.h"

namespace dateline {

// 16 lowercase hex digits: FNV-1a 64 (with kDatelineFnvOffsetBasis, lib/common/fnv.h)
// of `first_name_key` ("{date}/{slug}"), followed by "-{attempt}" hashed in when
// attempt > 0 (collision fallback).
std::string MakeUid(absl::string_view first_name_key, int attempt);

}  // namespace dateline

#endif  // DATELINE_SERVICES_INGEST_UID_H_
