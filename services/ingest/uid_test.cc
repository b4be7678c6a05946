#include "services/ingest/uid.h"

#include "gtest/gtest.h"

namespace dateline {
namespace {

// Uids are persisted: these values must never change. They were produced by the
// first implementation (FNV-1a 64 with Dateline's offset basis, lib/common/fnv.h).
TEST(UidTest, ValuesAreStable) {
  EXPECT_EQ(MakeUid("2017-07-30/russian-president-expels-755", 0), "eb3ee94c8708098e");
  EXPECT_EQ(MakeUid("2016-12-29/x-1", 0), "b09c4ea14a4e0629");
  EXPECT_EQ(MakeUid("", 0), "14650fb0739d0383");
}

TEST(UidTest, AttemptIsHashedInAfterADash) {
  EXPECT_EQ(MakeUid("2017-07-30/russian-president-expels-755", 1), "994b080dd41ac0d8");
  EXPECT_EQ(MakeUid("2017-07-30/russian-president-expels-755", 12), "953f997f6975cd9e");
  // "-1" hashed in is the same as a key that ends in "-1".
  EXPECT_EQ(MakeUid("2017-07-30/russian-president-expels-755", 1),
            MakeUid("2017-07-30/russian-president-expels-755-1", 0));
}

}  // namespace
}  // namespace dateline
