// Text normalization (docs/normalization.md): valid UTF-8 only; control characters
// removed; whitespace runs collapsed to one space; trimmed. Other characters are kept
// as they are (no case or ASCII folding): headlines are published text.
#ifndef DATELINE_LIB_NORMALIZE_TEXT_H_
#define DATELINE_LIB_NORMALIZE_TEXT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dateline {

// Normalizes `text`. Errors: INVALID_ARGUMENT naming `field` when `text` is not valid
// UTF-8 (with the byte offset) or when the result exceeds `max_bytes`.
absl::StatusOr<std::string> NormalizeText(absl::string_view text, absl::string_view field,
                                          size_t max_bytes);

}  // namespace dateline

#endif  // DATELINE_LIB_NORMALIZE_TEXT_H_
