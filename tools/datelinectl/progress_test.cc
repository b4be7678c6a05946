#include "tools/datelinectl/progress.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dateline::ctl {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(FormatProgressTest, CountAndRate) {
  EXPECT_EQ(FormatProgress(1000, absl::Seconds(2)),
            "1000 events, 500 events/s");
  EXPECT_EQ(FormatProgress(5, absl::ZeroDuration()), "5 events, 0 events/s");
  EXPECT_EQ(FormatProgress(0, absl::Seconds(3)), "0 events, 0 events/s");
}

// A manually advanced clock and a recording writer.
class ProgressMeterTest : public ::testing::Test {
 protected:
  ProgressMeter Make(bool terminal) {
    return ProgressMeter(
        terminal, [this](const std::string& s) { written_.push_back(s); },
        [this] { return now_; });
  }
  absl::Time now_ = absl::FromUnixSeconds(1000);
  std::vector<std::string> written_;
};

TEST_F(ProgressMeterTest, PlainOutputAtMostEveryTwoSeconds) {
  ProgressMeter meter = Make(/*terminal=*/false);
  meter.Add(10);
  now_ += absl::Seconds(1);
  meter.Add(10);
  EXPECT_THAT(written_, IsEmpty());
  now_ += absl::Seconds(1);
  meter.Add(20);  // 40 events after 2 s
  now_ += absl::Milliseconds(1500);
  meter.Add(30);  // only 1.5 s since the last line
  now_ += absl::Milliseconds(500);
  meter.Add(10);  // 80 events after 4 s
  meter.Finish();
  meter.Finish();  // once only
  EXPECT_THAT(written_, ElementsAre("40 events, 20 events/s\n",
                                    "80 events, 20 events/s\n",
                                    "80 events, 20 events/s\n"));
}

TEST_F(ProgressMeterTest, ShortPlainImportStaysQuiet) {
  ProgressMeter meter = Make(/*terminal=*/false);
  meter.Add(3);
  meter.Finish();
  EXPECT_THAT(written_, IsEmpty());
}

TEST_F(ProgressMeterTest, TerminalRewritesOneLine) {
  ProgressMeter meter = Make(/*terminal=*/true);
  now_ += absl::Milliseconds(50);
  meter.Add(1);  // too soon
  now_ += absl::Milliseconds(50);
  meter.Add(1);
  now_ += absl::Milliseconds(100);
  meter.Finish();
  EXPECT_THAT(written_, ElementsAre("\r2 events, 20 events/s\x1b[K",
                                    "\r2 events, 10 events/s\x1b[K\n"));
}

}  // namespace
}  // namespace dateline::ctl
