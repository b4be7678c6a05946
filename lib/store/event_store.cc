#include "lib/store/event_store.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "lib/common/status_macros.h"
#include "lib/store/keys.h"

namespace dateline {

v1::EventRevision::Kind RevisionKind(int64_t n, int64_t current) {
  if (n == current) return v1::EventRevision::CURRENT;
  return n == 1 ? v1::EventRevision::FIRST : v1::EventRevision::UPDATE;
}

template <typename Proto>
absl::StatusOr<std::optional<Proto>> EventStore::GetProto(const std::string& key) const {
  DL_ASSIGN_OR_RETURN(std::optional<std::string> raw, kv_->Get(key));
  if (!raw.has_value()) return std::nullopt;
  Proto p;
  if (!p.ParseFromString(*raw)) {
    return absl::DataLossError(absl::StrCat("unparsable record at key ", key));
  }
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

absl::StatusOr<std::optional<EventName>> EventStore::Resolve(const EventName& name) const {
  DL_ASSIGN_OR_RETURN(std::optional<std::string> direct, kv_->Get(keys::Event(name)));
  if (direct.has_value()) return name;
  DL_ASSIGN_OR_RETURN(std::optional<std::string> uid, kv_->Get(keys::Alias(name)));
  if (!uid.has_value()) return std::nullopt;
  DL_ASSIGN_OR_RETURN(std::optional<std::string> canonical, kv_->Get(keys::Uid(*uid)));
  if (!canonical.has_value()) {
    return absl::DataLossError(absl::StrCat("alias ", name.ToString(), " points at uid ",
                                            *uid, " which has no name"));
  }
  DL_ASSIGN_OR_RETURN(EventName out, ParseEventKey(*canonical));
  return out;
}

absl::StatusOr<std::optional<StoredEvent>> EventStore::FindEvent(const EventName& name) const {
  DL_ASSIGN_OR_RETURN(std::optional<EventName> canonical, Resolve(name));
  if (!canonical.has_value()) return std::nullopt;
  DL_ASSIGN_OR_RETURN(std::optional<StoredEvent> event,
                      GetProto<StoredEvent>(keys::Event(*canonical)));
  if (!event.has_value()) {
    return absl::DataLossError(absl::StrCat("event row missing for ", canonical->ToString()));
  }
  return event;
}

absl::StatusOr<StoredEvent> EventStore::GetEvent(const EventName& name,
                                                 absl::string_view field) const {
  DL_ASSIGN_OR_RETURN(std::optional<StoredEvent> event, FindEvent(name));
  if (!event.has_value()) {
    return absl::NotFoundError(
        absl::StrCat(field, ": no event named ", name.ToString()));
  }
  return *std::move(event);
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
                                   parse_error = absl::DataLossError(
                                       absl::StrCat("unparsable revision at ", key));
                                   return false;
                                 }
                                 return fn(std::move(rev));
                               }));
  return parse_error;
}

absl::StatusOr<std::optional<v1::IngestEventResponse>> EventStore::GetRequest(
    absl::string_view request_id) const {
  return GetProto<v1::IngestEventResponse>(keys::Request(request_id));
}

absl::StatusOr<int64_t> EventStore::EventCount() const {
  DL_ASSIGN_OR_RETURN(std::optional<std::string> raw, kv_->Get(keys::kEventCountKey));
  int64_t n = 0;
  if (raw.has_value() && !absl::SimpleAtoi(*raw, &n)) {
    return absl::DataLossError("unparsable event count");
  }
  return n;
}

}  // namespace dateline
