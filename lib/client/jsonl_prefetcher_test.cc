#include "lib/client/jsonl_prefetcher.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace dateline::client {
namespace {

// Good lines, blank lines, unparsable lines and a CRLF line, 5,000 in all.
std::string Input() {
  std::string text;
  for (int i = 0; i < 5000; ++i) {
    if (i % 97 == 0) {
      text += "   \n";
    } else if (i % 101 == 0) {
      text += absl::StrCat("{\"date\": \"2020-01-01\", \"headline\": ", i, "\n");  // cut off
    } else if (i % 103 == 0) {
      text += absl::StrCat("{\"date\": \"2020-01-01\", \"headline\": \"H", i, "\"}\r\n");
    } else {
      text += absl::StrCat("{\"date\": \"2020-01-02\", \"headline\": \"Line ", i, "\"}\n");
    }
  }
  return text;
}

std::string Describe(const JsonlLine& line) {
  return absl::StrCat(line.line_number, " ",
                      line.request.ok() ? line.request->ShortDebugString()
                                        : line.request.status().ToString());
}

// Whatever the depth, the lines come out exactly as JsonlReader gives them.
TEST(JsonlPrefetcherTest, GivesWhatJsonlReaderGivesInOrder) {
  const std::string text = Input();
  std::vector<std::string> expected;
  {
    std::istringstream in(text);
    JsonlReader reader(&in);
    JsonlLine line;
    while (reader.Next(&line)) expected.push_back(Describe(line));
  }
  ASSERT_GT(expected.size(), 4900u);
  for (size_t depth : {1, 2, 7, 1024, 100000}) {
    std::istringstream in(text);
    JsonlPrefetcher prefetcher(&in, depth);
    std::vector<std::string> got;
    JsonlLine line;
    while (prefetcher.Next(&line)) got.push_back(Describe(line));
    EXPECT_EQ(got, expected) << "depth " << depth;
    EXPECT_FALSE(prefetcher.ReadError());
    EXPECT_FALSE(prefetcher.Next(&line)) << "the end stays the end";
  }
}

// A consumer that stops early (a failed stream) destroys the prefetcher while its
// thread waits for room: the destructor returns.
TEST(JsonlPrefetcherTest, StoppingEarlyEndsTheThread) {
  const std::string text = Input();
  std::istringstream in(text);
  {
    JsonlPrefetcher prefetcher(&in, 4);
    JsonlLine line;
    ASSERT_TRUE(prefetcher.Next(&line));
    EXPECT_EQ(line.line_number, 2);  // line 1 is blank
  }
  SUCCEED();
}

}  // namespace
}  // namespace dateline::client
