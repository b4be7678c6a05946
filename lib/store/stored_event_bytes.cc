#include "lib/store/stored_event_bytes.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace dateline {

absl::StatusOr<std::string> EventBytesOfRow(absl::string_view row, absl::string_view key) {
  using google::protobuf::internal::WireFormatLite;
  constexpr int kEventField = 1;  // storage.v1.StoredEvent.event
  auto malformed = [&](absl::string_view what) {
    return absl::DataLossError(absl::StrCat("unparsable record at key ", key, ": ", what));
  };
  if (row.size() > static_cast<size_t>(std::numeric_limits<int>::max())) {
    return malformed("row over 2 GiB");
  }
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(row.data()),
                                            static_cast<int>(row.size()));
  std::string out;
  while (!in.ExpectAtEnd()) {
    const uint32_t tag = in.ReadTag();
    if (WireFormatLite::GetTagFieldNumber(tag) == 0) return malformed("bad tag");
    if (WireFormatLite::GetTagFieldNumber(tag) == kEventField) {
      if (WireFormatLite::GetTagWireType(tag) != WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
        return malformed("field event is not length-delimited");
      }
      int length = 0;  // fails for lengths over INT_MAX, as protobuf's parser does
      if (!in.ReadVarintSizeAsInt(&length)) return malformed("bad length of field event");
      const int at = in.CurrentPosition();
      if (static_cast<size_t>(length) > row.size() - static_cast<size_t>(at)) {
        return malformed("field event runs past the end");
      }
      out.append(row.data() + at, static_cast<size_t>(length));
      if (!in.Skip(length)) return malformed("field event runs past the end");
      continue;
    }
    if (!WireFormatLite::SkipField(&in, tag)) return malformed("bad field");
  }
  return out;
}

}  // namespace dateline
