// datelinectl against the real servers: import summary and rejected lines, reads.
#include <cstdio>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/dateline_pair.h"

namespace dateline::testing {
namespace {

using ::testing::HasSubstr;

TEST(DatelinectlTest, ImportSummarizesAndNamesRejectedLinesThenReadsBack) {
  DatelinePair pair;
  ASSERT_TRUE(pair.Start());
  const std::string file = pair.dir() + "/events.jsonl";
  {
    std::ofstream f(file);
    f << R"({"date": "2017-07-30", "headline": "First event.", "topics": ["Russia–United States relations"]})" "\n"
      << R"({"date": "2017-02-30", "headline": "Impossible day."})" "\n"
      << R"({"date": "2017-07-30", "headline": "First event.", "topics": ["Russia–United States relations"]})" "\n"
      << R"({"date": "2017-07-31", "headline": "Second event.", "sources": [{"name": "BBC", "url": "http://bbc.co.uk/x"}]})" "\n"
      << R"({"date": "2017-07-31", "headline": "Broken JSON)" "\n"
      << R"({"date": "2017-07-31", "headline": "Second event.", "sources": [{"name": "BBC", "url": "http://bbc.co.uk/x"}, {"name": "CNN"}]})" "\n"
      << R"({"date": "2017-07-31", "headline": "Unknown field.", "colour": "red"})" "\n";
  }
  const std::string ctl = absl::StrCat(DATELINE_CTL_BIN, " --ingest=", pair.ingest()->address(),
                                       " --query=", pair.query()->address());
  std::string out;
  ASSERT_EQ(RunShell(ctl + " import " + file + " 2>/dev/null", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("created 2, updated 1, unchanged 1, rejected 3 (total 7)"));
  EXPECT_THAT(out, HasSubstr(file + ":2: INVALID_ARGUMENT: event.date"));
  EXPECT_THAT(out, HasSubstr(file + ":5: "));
  EXPECT_THAT(out, HasSubstr(file + ":7: "));

  std::string got;
  for (int attempt = 0; attempt < 100; ++attempt) {  // the query follows every 100 ms
    got.clear();
    if (RunShell(ctl + " get events/2017-07-31/second-event 2>&1", &got) == 0) break;
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_THAT(got, HasSubstr("\"revision\": \"2\""));
  std::string listed;
  ASSERT_EQ(RunShell(ctl + " list --start=2017-07-01 --end=2017-07-31 "
                      "--topic='russia-united states relations' 2>&1",
                &listed),
            0)
      << listed;
  EXPECT_THAT(listed, HasSubstr("events/2017-07-30/first-event"));
  EXPECT_THAT(listed, ::testing::Not(HasSubstr("second-event")));

  std::string bad;
  EXPECT_EQ(RunShell(ctl + " get events/2017-07-31/nope 2>&1", &bad), 1);
  EXPECT_THAT(bad, HasSubstr("NOT_FOUND"));
}

// `get` with several names: one BatchGetEvents, events in the order given (an alias
// resolves to its event), all or nothing.
TEST(DatelinectlTest, GetSeveralNamesUsesBatchGetInOrder) {
  DatelinePair pair;
  ASSERT_TRUE(pair.Start());
  const std::string file = pair.dir() + "/events.jsonl";
  {
    std::ofstream f(file);
    f << R"({"date": "2018-01-01", "headline": "Alpha."})" "\n"
      << R"({"date": "2018-01-02", "headline": "Beta."})" "\n"
      << R"({"date": "2018-01-02", "headline": "Beta renamed.", "revises": "events/2018-01-02/beta"})" "\n";
  }
  const std::string ctl = absl::StrCat(DATELINE_CTL_BIN, " --ingest=", pair.ingest()->address(),
                                       " --query=", pair.query()->address());
  std::string out;
  ASSERT_EQ(RunShell(ctl + " import " + file + " 2>&1", &out), 0) << out;
  std::string got;
  for (int attempt = 0; attempt < 100; ++attempt) {  // the query follows every 100 ms
    got.clear();
    if (RunShell(ctl + " get events/2018-01-02/beta events/2018-01-01/alpha 2>&1", &got) == 0) {
      break;
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  const size_t beta = got.find("\"name\": \"events/2018-01-02/beta-renamed\"");
  const size_t alpha = got.find("\"name\": \"events/2018-01-01/alpha\"");
  ASSERT_NE(beta, std::string::npos) << got;
  ASSERT_NE(alpha, std::string::npos) << got;
  EXPECT_LT(beta, alpha) << got;
  EXPECT_THAT(got, HasSubstr("\"events\": ["));

  std::string bad;
  EXPECT_EQ(RunShell(ctl + " get events/2018-01-01/alpha events/2018-01-03/nope 2>&1", &bad), 1);
  EXPECT_THAT(bad, HasSubstr("NOT_FOUND"));
  EXPECT_THAT(bad, HasSubstr("names[1]"));
  EXPECT_THAT(bad, ::testing::Not(HasSubstr("Alpha.")));  // nothing printed but the error
}

}  // namespace
}  // namespace dateline::testing
