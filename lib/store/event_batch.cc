#include "lib/store/event_batch.h"

#include "absl/strings/str_cat.h"
#include "lib/store/keys.h"

namespace dateline {
namespace {

EventName NameOf(const StoredEvent& event) {
  return EventName{event.event().date(), event.event().slug()};
}

}  // namespace

void EventBatch::PutEvent(const StoredEvent& event) {
  kv_.Put(keys::Event(NameOf(event)), event.SerializeAsString());
}

void EventBatch::DeleteEvent(const EventName& name) { kv_.Delete(keys::Event(name)); }

void EventBatch::PutAlias(const EventName& name, absl::string_view uid) {
  kv_.Put(keys::Alias(name), std::string(uid));
}

void EventBatch::DeleteAlias(const EventName& name) { kv_.Delete(keys::Alias(name)); }

void EventBatch::PutUidName(absl::string_view uid, const EventName& name) {
  kv_.Put(keys::Uid(uid), name.Key());
}

void EventBatch::PutRevision(absl::string_view uid, const v1::EventRevision& rev) {
  kv_.Put(keys::Revision(uid, rev.revision()), rev.SerializeAsString());
}

void EventBatch::DeleteRevision(absl::string_view uid, int64_t n) {
  kv_.Delete(keys::Revision(uid, n));
}

void EventBatch::PutIndexRows(const StoredEvent& event) {
  const EventName name = NameOf(event);
  for (const std::string& k : event.topic_keys()) kv_.Put(keys::Topic(k, name), "");
  for (const std::string& k : event.entity_keys()) kv_.Put(keys::Entity(k, name), "");
}

void EventBatch::DeleteIndexRows(const StoredEvent& event) {
  const EventName name = NameOf(event);
  for (const std::string& k : event.topic_keys()) kv_.Delete(keys::Topic(k, name));
  for (const std::string& k : event.entity_keys()) kv_.Delete(keys::Entity(k, name));
}

void EventBatch::SetEventCount(int64_t count) {
  kv_.Put(std::string(keys::kEventCountKey), absl::StrCat(count));
}

void EventBatch::PutRequest(absl::string_view request_id,
                            const v1::IngestEventResponse& response) {
  kv_.Put(keys::Request(request_id), response.SerializeAsString());
}

void EventBatch::SetChange(const storage::v1::ChangeRecord& change) {
  kv_.PutLogData(change.SerializeAsString());
}

}  // namespace dateline
