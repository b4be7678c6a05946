#include "lib/store/event_store.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "lib/common/status_macros.h"
#include "lib/store/keys.h"
#include "lib/store/stored_event_bytes.h"

namespace dateline {
namespace {

// The name in a "{date}/{slug}" key suffix; rows are written by EventBatch from
// valid names, so this only splits.
// Where the '/' of a "{date}/{slug}" name key is, or DATA_LOSS naming the key.
absl::StatusOr<size_t> NameKeySlash(absl::string_view key) {
  size_t slash = key.find('/');
  if (slash == absl::string_view::npos || slash == 0 || slash + 1 == key.size()) {
    return absl::DataLossError(absl::StrCat("malformed index row name \"", key, "\""));
  }
  return slash;
}

absl::StatusOr<EventName> SplitNameKey(absl::string_view key) {
  DL_ASSIGN_OR_RETURN(size_t slash, NameKeySlash(key));
  return EventName{std::string(key.substr(0, slash)), std::string(key.substr(slash + 1))};
}

// Start key of a scan over [days] under `prefix`, resuming after `after`.
std::string ScanStart(absl::string_view prefix, const DayRange& days, absl::string_view after) {
  std::string start = keys::DayStart(prefix, days.start);
  if (!after.empty()) {
    // Resume after the last key returned ('\0' sorts right after it).
    start = std::max(start, absl::StrCat(prefix, after, std::string(1, '\0')));
  }
  return start;
}

}  // namespace

absl::string_view StoreFormatVersion() { return keys::kFormatVersion; }

v1::EventRevision::Kind RevisionKind(int64_t n, int64_t current) {
  if (n == current) return v1::EventRevision::CURRENT;
  return n == 1 ? v1::EventRevision::FIRST : v1::EventRevision::UPDATE;
}

absl::Status EventStore::DataLoss(std::string message) const {
  data_loss_.fetch_add(1, std::memory_order_relaxed);
  return absl::DataLossError(std::move(message));
}

template <typename Proto>
absl::StatusOr<std::optional<Proto>> EventStore::GetProto(const std::string& key) const {
  DL_ASSIGN_OR_RETURN(std::optional<std::string> raw, kv_->Get(key));
  if (!raw.has_value()) return std::nullopt;
  Proto p;
  if (!p.ParseFromString(*raw)) return DataLoss(absl::StrCat("unparsable record at key ", key));
  return p;
}

absl::Status EventStore::InitFormat() {
  DL_ASSIGN_OR_RETURN(std::optional<std::string> v, kv_->Get(keys::kFormatKey));
  if (!v.has_value()) {
    KvBatch batch;
    batch.Put(std::string(keys::kFormatKey), std::string(keys::kFormatVersion));
    return kv_->Write(batch, /*sync=*/true);
  }
  return CheckFormat();
}

absl::Status EventStore::CheckFormat() const {
  DL_ASSIGN_OR_RETURN(std::optional<std::string> v, kv_->Get(keys::kFormatKey));
  if (v.has_value() && *v != keys::kFormatVersion) {
    return absl::FailedPreconditionError(
        absl::StrCat("store has format version ", *v, "; this build reads version ",
                     keys::kFormatVersion, " (docs/storage.md)"));
  }
  return absl::OkStatus();
}

absl::Status EventStore::Write(const EventBatch& batch, bool sync) {
  return kv_->Write(batch.kv_, sync);
}

absl::StatusOr<std::optional<EventStore::EventRow>> EventStore::FindEventRow(
    const EventName& name) const {
  EventRow found{keys::Event(name), {}};
  DL_ASSIGN_OR_RETURN(std::optional<std::string> direct, kv_->Get(found.key));
  if (direct.has_value()) {
    found.bytes = *std::move(direct);
    return found;
  }
  DL_ASSIGN_OR_RETURN(std::optional<std::string> uid, kv_->Get(keys::Alias(name)));
  if (!uid.has_value()) return std::nullopt;
  DL_ASSIGN_OR_RETURN(std::optional<std::string> canonical, kv_->Get(keys::Uid(*uid)));
  if (!canonical.has_value()) {
    return DataLoss(absl::StrCat("alias ", name.ToString(), " points at uid ", *uid,
                                 " which has no name"));
  }
  DL_ASSIGN_OR_RETURN(EventName target, SplitNameKey(*canonical));
  found.key = keys::Event(target);
  DL_ASSIGN_OR_RETURN(std::optional<std::string> row, kv_->Get(found.key));
  if (!row.has_value()) {
    return DataLoss(absl::StrCat("event row missing for ", target.ToString(), " (alias ",
                                 name.ToString(), ")"));
  }
  found.bytes = *std::move(row);
  return found;
}

absl::StatusOr<std::optional<StoredEvent>> EventStore::FindEvent(const EventName& name) const {
  DL_ASSIGN_OR_RETURN(std::optional<EventRow> row, FindEventRow(name));
  if (!row.has_value()) return std::nullopt;
  StoredEvent event;
  if (!event.ParseFromString(row->bytes)) {
    return DataLoss(absl::StrCat("unparsable record at key ", row->key));
  }
  return event;
}

absl::StatusOr<std::string> EventStore::GetEventBytes(const EventName& name,
                                                      absl::string_view field) const {
  DL_ASSIGN_OR_RETURN(std::optional<EventRow> row, FindEventRow(name));
  if (!row.has_value()) {
    return absl::NotFoundError(absl::StrCat(field, ": no event named ", name.ToString()));
  }
  absl::StatusOr<std::string> event = EventBytesOfRow(row->bytes, row->key);
  if (!event.ok()) return DataLoss(std::string(event.status().message()));
  return event;
}

absl::StatusOr<std::vector<std::optional<StoredEvent>>> EventStore::ReadEventRows(
    const std::vector<EventName>& names) const {
  std::vector<std::string> event_keys;
  event_keys.reserve(names.size());
  for (const EventName& n : names) event_keys.push_back(keys::Event(n));
  DL_ASSIGN_OR_RETURN(std::vector<std::optional<std::string>> rows, kv_->MultiGet(event_keys));
  std::vector<std::optional<StoredEvent>> out(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    if (!rows[i].has_value()) continue;
    if (!out[i].emplace().ParseFromString(*rows[i])) {
      return DataLoss(absl::StrCat("unparsable record at key ", event_keys[i]));
    }
  }
  return out;
}

absl::StatusOr<std::vector<std::optional<StoredEvent>>> EventStore::FindEvents(
    const std::vector<EventName>& names) const {
  // 1. Canonical names.
  DL_ASSIGN_OR_RETURN(std::vector<std::optional<StoredEvent>> out, ReadEventRows(names));
  std::vector<size_t> missing;
  for (size_t i = 0; i < names.size(); ++i) {
    if (!out[i].has_value()) missing.push_back(i);
  }
  if (missing.empty()) return out;
  // 2. Aliases of the rest -> uids.
  std::vector<std::string> alias_keys;
  for (size_t i : missing) alias_keys.push_back(keys::Alias(names[i]));
  DL_ASSIGN_OR_RETURN(std::vector<std::optional<std::string>> uids, kv_->MultiGet(alias_keys));
  std::vector<size_t> aliased;  // indexes into `missing`
  std::vector<std::string> uid_keys;
  for (size_t j = 0; j < missing.size(); ++j) {
    if (!uids[j].has_value()) continue;  // no such event
    aliased.push_back(j);
    uid_keys.push_back(keys::Uid(*uids[j]));
  }
  if (aliased.empty()) return out;
  // 3. Uids -> canonical names.
  DL_ASSIGN_OR_RETURN(std::vector<std::optional<std::string>> canon, kv_->MultiGet(uid_keys));
  std::vector<EventName> targets;
  for (size_t a = 0; a < aliased.size(); ++a) {
    const EventName& name = names[missing[aliased[a]]];
    if (!canon[a].has_value()) {
      return DataLoss(absl::StrCat("alias ", name.ToString(), " points at uid ",
                                   *uids[aliased[a]], " which has no name"));
    }
    DL_ASSIGN_OR_RETURN(EventName target, SplitNameKey(*canon[a]));
    targets.push_back(std::move(target));
  }
  // 4. The aliased events.
  DL_ASSIGN_OR_RETURN(std::vector<std::optional<StoredEvent>> events, ReadEventRows(targets));
  for (size_t a = 0; a < aliased.size(); ++a) {
    const size_t i = missing[aliased[a]];
    if (!events[a].has_value()) {
      return DataLoss(absl::StrCat("event row missing for ", targets[a].ToString(), " (alias ",
                                   names[i].ToString(), ")"));
    }
    out[i] = std::move(events[a]);
  }
  return out;
}

absl::StatusOr<StoredEvent> EventStore::GetEvent(const EventName& name,
                                                 absl::string_view field) const {
  DL_ASSIGN_OR_RETURN(std::optional<StoredEvent> event, FindEvent(name));
  if (!event.has_value()) {
    return absl::NotFoundError(absl::StrCat(field, ": no event named ", name.ToString()));
  }
  return *std::move(event);
}

absl::StatusOr<bool> EventStore::UidTaken(absl::string_view uid) const {
  DL_ASSIGN_OR_RETURN(std::optional<std::string> name, kv_->Get(keys::Uid(uid)));
  return name.has_value();
}

absl::StatusOr<std::optional<v1::EventRevision>> EventStore::GetRevision(
    absl::string_view uid, int64_t n) const {
  return GetProto<v1::EventRevision>(keys::Revision(uid, n));
}

absl::Status EventStore::ScanRevisionsNewestFirst(
    absl::string_view uid, int64_t below,
    const std::function<bool(v1::EventRevision)>& fn) const {
  std::string start = keys::RevisionPrefix(uid);
  std::string limit = below > 0 ? keys::Revision(uid, below) : start + "\xff";
  absl::Status parse_error;
  DL_RETURN_IF_ERROR(kv_->Scan(start, limit, /*reverse=*/true,
                               [&](absl::string_view key, absl::string_view value) {
                                 v1::EventRevision rev;
                                 if (!rev.ParseFromArray(value.data(), value.size())) {
                                   parse_error =
                                       DataLoss(absl::StrCat("unparsable revision at ", key));
                                   return false;
                                 }
                                 return fn(std::move(rev));
                               }));
  return parse_error;
}

absl::StatusOr<std::vector<v1::EventRevision>> EventStore::LoadRevisions(
    absl::string_view uid) const {
  std::vector<v1::EventRevision> out;
  DL_RETURN_IF_ERROR(ScanRevisionsNewestFirst(uid, 0, [&](v1::EventRevision r) {
    out.push_back(std::move(r));
    return true;
  }));
  std::reverse(out.begin(), out.end());
  return out;
}

absl::Status EventStore::ScanDays(const DayRange& days, absl::string_view after,
                                  const std::function<bool(StoredEvent)>& fn) const {
  constexpr absl::string_view kPrefix = "E/";
  absl::Status inner;
  DL_RETURN_IF_ERROR(kv_->Scan(ScanStart(kPrefix, days, after), keys::DayEnd(kPrefix, days.end),
                               false, [&](absl::string_view key, absl::string_view value) {
                                 StoredEvent e;
                                 if (!e.ParseFromArray(value.data(), value.size())) {
                                   inner = DataLoss(absl::StrCat("unparsable event at ", key));
                                   return false;
                                 }
                                 return fn(std::move(e));
                               }));
  return inner;
}

absl::Status EventStore::ScanTopicDays(absl::string_view topic_key, const DayRange& days,
                                       absl::string_view after,
                                       const std::function<bool(const EventName&)>& fn) const {
  const std::string prefix = keys::TopicPrefix(topic_key);
  absl::Status inner;
  DL_RETURN_IF_ERROR(kv_->Scan(ScanStart(prefix, days, after), keys::DayEnd(prefix, days.end),
                               false, [&](absl::string_view key, absl::string_view) {
                                 absl::StatusOr<EventName> name =
                                     SplitNameKey(keys::NameSuffix(key));
                                 if (!name.ok()) {
                                   inner = DataLoss(std::string(name.status().message()));
                                   return false;
                                 }
                                 return fn(*name);
                               }));
  return inner;
}

absl::StatusOr<TagNeighbors> EventStore::Neighbors(TagKind kind, absl::string_view key,
                                                   absl::string_view date,
                                                   int per_side) const {
  const std::string prefix =
      kind == TagKind::kTopic ? keys::TopicPrefix(key) : keys::EntityPrefix(key);
  TagNeighbors out;
  absl::Status inner;
  auto collect = [&](std::vector<std::string>* names) {
    return [&inner, names, per_side](absl::string_view row, absl::string_view) {
      absl::string_view name = keys::NameSuffix(row);
      if (absl::StatusOr<size_t> slash = NameKeySlash(name); !slash.ok()) {
        inner = slash.status();
        return false;
      }
      names->emplace_back(name);
      return static_cast<int>(names->size()) < per_side;
    };
  };
  const std::string pivot = absl::StrCat(prefix, date);
  DL_RETURN_IF_ERROR(kv_->Scan(pivot, prefix + "\xff", false, collect(&out.from_date)));
  if (inner.ok()) DL_RETURN_IF_ERROR(kv_->Scan(prefix, pivot, true, collect(&out.before)));
  if (!inner.ok()) return DataLoss(std::string(inner.message()));
  return out;
}

absl::StatusOr<StoredEvent> EventStore::GetIndexed(const EventName& name,
                                                   absl::string_view context) const {
  DL_ASSIGN_OR_RETURN(std::optional<StoredEvent> event,
                      GetProto<StoredEvent>(keys::Event(name)));
  if (!event.has_value()) {
    return DataLoss(absl::StrCat(context, " names ", name.ToString(),
                                 " but no event row has that name"));
  }
  return *std::move(event);
}

absl::StatusOr<std::vector<StoredEvent>> EventStore::GetIndexedMany(
    const std::vector<EventName>& names, absl::string_view context) const {
  DL_ASSIGN_OR_RETURN(std::vector<std::optional<StoredEvent>> rows, ReadEventRows(names));
  std::vector<StoredEvent> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!rows[i].has_value()) {
      return DataLoss(absl::StrCat(context, " names ", names[i].ToString(),
                                   " but no event row has that name"));
    }
    out.push_back(*std::move(rows[i]));
  }
  return out;
}

absl::StatusOr<std::optional<v1::IngestEventResponse>> EventStore::GetRequest(
    absl::string_view request_id) const {
  return GetProto<v1::IngestEventResponse>(keys::Request(request_id));
}

absl::StatusOr<int64_t> EventStore::EventCount() const {
  DL_ASSIGN_OR_RETURN(std::optional<std::string> raw, kv_->Get(keys::kEventCountKey));
  int64_t n = 0;
  if (raw.has_value() && !absl::SimpleAtoi(*raw, &n)) {
    return DataLoss("unparsable event count");
  }
  return n;
}

}  // namespace dateline
