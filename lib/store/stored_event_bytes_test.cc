#include "lib/store/stored_event_bytes.h"

#include <google/protobuf/util/message_differencer.h>

#include <string>
#include <utility>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "dateline/storage/v1/storage.pb.h"

namespace dateline {
namespace {

using ::testing::HasSubstr;

storage::v1::StoredEvent Sample() {
  storage::v1::StoredEvent s;
  v1::Event* e = s.mutable_event();
  e->set_name("events/2020-01-02/a-headline");
  e->set_uid("u1");
  e->set_headline("A headline");
  e->add_topics("Politics");
  e->add_topics("Economy");
  e->add_sources()->set_url("https://example.org/a");
  e->set_revision(3);
  e->mutable_update_time()->set_seconds(1700000000);
  s.add_topic_keys("politics");
  s.add_entity_keys("someone");
  s.mutable_page()->set_date_link("/news/2020/01/02/index.md");
  return s;
}

v1::Event ParseEvent(const std::string& bytes) {
  v1::Event e;
  EXPECT_TRUE(e.ParseFromString(bytes));
  return e;
}

TEST(EventBytesOfRowTest, GivesTheEventOfTheRowWithTheOtherFieldsAround) {
  storage::v1::StoredEvent s = Sample();
  auto bytes = EventBytesOfRow(s.SerializeAsString(), "E/k");
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(*bytes, s.event().SerializeAsString());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(ParseEvent(*bytes), s.event()));
}

TEST(EventBytesOfRowTest, RepeatedEventFieldsMergeAsProtobufDoes) {
  storage::v1::StoredEvent a = Sample();
  storage::v1::StoredEvent b;
  b.mutable_event()->set_headline("Later headline");
  b.mutable_event()->add_topics("Sport");
  const std::string row = a.SerializeAsString() + b.SerializeAsString();
  storage::v1::StoredEvent merged;
  ASSERT_TRUE(merged.ParseFromString(row));
  auto bytes = EventBytesOfRow(row, "E/k");
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(ParseEvent(*bytes), merged.event()));
  EXPECT_EQ(ParseEvent(*bytes).headline(), "Later headline");
}

TEST(EventBytesOfRowTest, ARowWithoutAnEventGivesAnEmptyEvent) {
  storage::v1::StoredEvent s;
  s.add_topic_keys("x");
  auto bytes = EventBytesOfRow(s.SerializeAsString(), "E/k");
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(*bytes, "");
  auto empty = EventBytesOfRow("", "E/k");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "");
}

TEST(EventBytesOfRowTest, MalformedRowsAreDataLossNamingTheKey) {
  const std::string good = Sample().SerializeAsString();
  // Protobuf keeps a field 1 of the wrong wire type as an unknown field; no writer of
  // ours makes one, and serving it as an event would be wrong, so it is refused.
  const std::pair<std::string, bool> cases[] = {
      {good.substr(0, good.size() / 2), true},  // a length past the end
      {std::string("\x0a\x7f", 2), true},       // event of 127 bytes, none there
      {std::string("\x08\x01", 2), false},      // field 1 as a varint
      {std::string("\x00", 1), true},            // tag 0
      {std::string("\x02\x00", 2), true},        // field number 0, length-delimited
      {std::string("\x0a\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11), true},  // length over 2^63
      {good + std::string("\xff", 1), true},     // a truncated tag
  };
  for (const auto& [row, protobuf_refuses] : cases) {
    auto bytes = EventBytesOfRow(row, "E/2020-01-02/x");
    ASSERT_FALSE(bytes.ok()) << "row of " << row.size() << " bytes";
    EXPECT_EQ(bytes.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_THAT(bytes.status().message(), HasSubstr("E/2020-01-02/x"));
    storage::v1::StoredEvent parsed;
    EXPECT_EQ(parsed.ParseFromString(row), !protobuf_refuses) << "row of " << row.size();
  }
}

}  // namespace
}  // namespace dateline
