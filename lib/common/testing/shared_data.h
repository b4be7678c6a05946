// Tests over the shared data beside the project root (../shared/seeds, ../shared/corpus).
// Locally a missing directory skips the test; with DATELINE_REQUIRE_SHARED set (CI:
// .ci/run sets it through scripts/test) it fails, so CI never passes by skipping.
#ifndef DATELINE_LIB_COMMON_TESTING_SHARED_DATA_H_
#define DATELINE_LIB_COMMON_TESTING_SHARED_DATA_H_

#include <cstdlib>
#include <filesystem>

#include "gtest/gtest.h"

// Use at the top of a TEST body: `path` is where the data should be, `relative` how to
// name it in the message (e.g. "../shared/seeds").
#define DATELINE_REQUIRE_SHARED_DATA(path, relative)                                     \
  if (!std::filesystem::exists(path)) {                                                  \
    if (std::getenv("DATELINE_REQUIRE_SHARED") != nullptr) {                             \
      FAIL() << "missing " << (relative)                                                 \
             << " beside the project root (DATELINE_REQUIRE_SHARED is set)";             \
    }                                                                                    \
    GTEST_SKIP() << "no " << (relative) << " beside the project root";                   \
  }

#endif  // DATELINE_LIB_COMMON_TESTING_SHARED_DATA_H_
