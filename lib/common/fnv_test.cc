#include "lib/common/fnv.h"

#include <string>

#include "gtest/gtest.h"

namespace dateline {
namespace {

// Test vectors from the FNV reference (test_fnv.c, FNV-1a 64).
TEST(FnvTest, KnownFnv1a64Vectors) {
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(Fnv1a64("b"), 0xaf63df4c8601f1a5ULL);
  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ULL);
  EXPECT_EQ(Fnv1a64(std::string("\0", 1)), 0xaf63bd4c8601b7dfULL);
  static_assert(Fnv1a64("a") == 0xaf63dc4c8601ec8cULL, "usable at compile time");
}

TEST(FnvTest, BytesAreUnsigned) {
  // 0xFF is hashed as 255, not as a sign-extended -1.
  EXPECT_EQ(Fnv1a64("\xFF"), 0xaf64724c8602eb6eULL);
}

// The basis uids and page tokens are hashed with (see fnv.h): these values are
// persisted and must not change.
TEST(FnvTest, DatelineBasisIsStable) {
  EXPECT_EQ(Fnv1a64("", kDatelineFnvOffsetBasis), 0x14650fb0739d0383ULL);
  EXPECT_EQ(Fnv1a64("a", kDatelineFnvOffsetBasis), 0x44bd8ad473cd9906ULL);
  EXPECT_EQ(Fnv1a64("foobar", kDatelineFnvOffsetBasis), 0x88fad7c0a8ff07f2ULL);
}

}  // namespace
}  // namespace dateline
