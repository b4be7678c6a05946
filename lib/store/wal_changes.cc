#include "lib/store/wal_changes.h"

#include <map>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "lib/names/event_name.h"
#include "lib/store/keys.h"
#include "rocksdb/write_batch.h"

namespace dateline {
namespace {

class ChangeCollector : public rocksdb::WriteBatch::Handler {
 public:
  rocksdb::Status PutCF(uint32_t, const rocksdb::Slice& key,
                        const rocksdb::Slice& value) override {
    absl::string_view k(key.data(), key.size());
    if (absl::StartsWith(k, "E/")) events[std::string(k)] = value.ToString();
    return rocksdb::Status::OK();
  }
  rocksdb::Status DeleteCF(uint32_t, const rocksdb::Slice&) override {
    return rocksdb::Status::OK();
  }
  void LogData(const rocksdb::Slice& blob) override { records.push_back(blob.ToString()); }

  std::map<std::string, std::string> events;  // E/ key -> StoredEvent bytes
  std::vector<std::string> records;
};

}  // namespace

absl::StatusOr<std::vector<EventChange>> DecodeChanges(absl::string_view batch_data) {
  rocksdb::WriteBatch wb{std::string(batch_data)};
  ChangeCollector c;
  rocksdb::Status s = wb.Iterate(&c);
  if (!s.ok()) return absl::DataLossError(absl::StrCat("unparsable write batch: ", s.ToString()));
  std::vector<EventChange> out;
  for (const std::string& raw : c.records) {
    EventChange change;
    if (!change.record.ParseFromString(raw)) {
      return absl::DataLossError("unparsable change record in a write batch");
    }
    absl::StatusOr<EventName> name = ParseEventName(change.record.name());
    if (!name.ok()) {
      return absl::DataLossError(
          absl::StrCat("change record names \"", change.record.name(), "\""));
    }
    auto it = c.events.find(keys::Event(*name));
    if (it == c.events.end() || !change.event.ParseFromString(it->second)) {
      return absl::DataLossError(absl::StrCat("change record for ", change.record.name(),
                                              " without its event row"));
    }
    out.push_back(std::move(change));
  }
  return out;
}

}  // namespace dateline
