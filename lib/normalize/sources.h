// Source normalization: names are normalized text, URLs absolute http(s), exact
// duplicates dropped, order kept.
#ifndef DATELINE_LIB_NORMALIZE_SOURCES_H_
#define DATELINE_LIB_NORMALIZE_SOURCES_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "dateline/v1/resources.pb.h"

namespace dateline {

// True for an absolute http:// or https:// URL with a host and no whitespace or
// control characters.
bool IsHttpUrl(absl::string_view url);

// Normalizes `sources` (the field is named `field`, e.g. "event.sources"). Errors:
// INVALID_ARGUMENT naming the element, e.g. `event.sources[2].url: "ftp://x" is not an
// absolute http(s) URL` or `event.sources[0].name: required`.
absl::StatusOr<google::protobuf::RepeatedPtrField<v1::Source>> NormalizeSources(
    const google::protobuf::RepeatedPtrField<v1::Source>& sources, absl::string_view field);

}  // namespace dateline

#endif  // DATELINE_LIB_NORMALIZE_SOURCES_H_
