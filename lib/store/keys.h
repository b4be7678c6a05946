// The store's key layout, format version 1 (docs/storage.md is the reference).
//
//   M/format                      "1"                     layout version
//   M/events                      decimal count           number of events
//   M/replicated                  decimal sequence        replicas only: upstream
//                                                         sequence this copy has
//   E/{date}/{slug}               StoredEvent             canonical name -> event
//   A/{date}/{slug}               uid                     alias (earlier name) -> uid
//   U/{uid}                       {date}/{slug}           uid -> canonical name
//   R/{uid}/{n:012}               EventRevision           revisions, n from 1
//   T/{topic key}\0{date}/{slug}  ""                      topic index
//   X/{entity key}\0{date}/{slug} ""                      entity index
//   Q/{request id}                IngestEventResponse     idempotency records
//
// Dates are YYYY-MM-DD, so `E/{date}/` is one day and E/ is in date, then slug order.
#ifndef DATELINE_LIB_STORE_KEYS_H_
#define DATELINE_LIB_STORE_KEYS_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "lib/names/event_name.h"

namespace dateline::keys {

inline constexpr absl::string_view kFormatVersion = "1";
inline constexpr absl::string_view kFormatKey = "M/format";
inline constexpr absl::string_view kEventCountKey = "M/events";
inline constexpr absl::string_view kReplicatedSequenceKey = "M/replicated";

std::string Event(const EventName& name);
std::string Alias(const EventName& name);
std::string Uid(absl::string_view uid);
std::string Revision(absl::string_view uid, int64_t n);
// All revisions of `uid`: [RevisionPrefix, RevisionPrefix + "\xff").
std::string RevisionPrefix(absl::string_view uid);
std::string Topic(absl::string_view topic_key, const EventName& name);
std::string TopicPrefix(absl::string_view topic_key);
std::string Entity(absl::string_view entity_key, const EventName& name);
std::string EntityPrefix(absl::string_view entity_key);
std::string Request(absl::string_view request_id);

// First key of day `date` (inclusive) and the key after day `date` (exclusive), under
// `prefix` ("E/" or a topic/entity prefix).
std::string DayStart(absl::string_view prefix, absl::string_view date);
std::string DayEnd(absl::string_view prefix, absl::string_view date);

// The "{date}/{slug}" part of an index key (after the last '\0'), or of an E/ key.
absl::string_view NameSuffix(absl::string_view key);

}  // namespace dateline::keys

#endif  // DATELINE_LIB_STORE_KEYS_H_
