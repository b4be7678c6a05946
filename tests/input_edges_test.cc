// Clock and input edges (issue 11, case 5): one table of JSON Lines, imported by
// `datelinectl import` into a real ingest, each line with its documented outcome
// (docs/normalization.md, "Edge cases"); then the store holds exactly the accepted ones.
#include <stdio.h>
#include <sys/wait.h>

#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/dateline_pair.h"

namespace dateline::testing {
namespace {

using ::testing::HasSubstr;

struct Edge {
  const char* what;
  std::string line;      // one JSON Lines line, bytes as written
  std::string outcome;   // "" = created; else what its reject line says after "N: "
  std::string name = ""; // created: the event's name
};

std::string Json(const std::string& date, const std::string& headline_json,
                 const std::string& extra = "") {
  return absl::StrCat("{\"date\": \"", date, "\", \"headline\": \"", headline_json, "\"", extra,
                      "}");
}

std::string Sources(int n) {
  std::vector<std::string> s;
  for (int i = 0; i < n; ++i) s.push_back(absl::StrCat("{\"name\": \"S", i, "\"}"));
  return absl::StrCat(", \"sources\": [", absl::StrJoin(s, ","), "]");
}

std::string Chain(int n) {
  std::vector<std::string> t;
  for (int i = 0; i < n; ++i) t.push_back(absl::StrCat("Topic", i));
  return absl::StrJoin(t, ": ") + ": the event";
}

std::vector<Edge> Edges() {
  return {
      {"first day of year 1", Json("0001-01-01", "Earliest day"), "",
       "events/0001-01-01/earliest-day"},
      {"last day of year 9999", Json("9999-12-31", "Latest day"), "", "events/9999-12-31/latest-day"},
      {"leap day", Json("2024-02-29", "Leap day"), "", "events/2024-02-29/leap-day"},
      {"leap day of a 400th year", Json("2000-02-29", "Quadricentennial leap"), "",
       "events/2000-02-29/quadricentennial-leap"},
      {"no leap day in a common year", Json("2023-02-29", "Not a leap day"),
       "INVALID_ARGUMENT: event.date: \"2023-02-29\" is not a real calendar day"},
      {"no leap day in a century year", Json("1900-02-29", "Century"),
       "INVALID_ARGUMENT: event.date: \"1900-02-29\" is not a real calendar day"},
      {"year 0", Json("0000-12-31", "Year zero"),
       "INVALID_ARGUMENT: event.date: \"0000-12-31\" is not a real calendar day"},
      {"year 10000", Json("10000-01-01", "Year ten thousand"),
       "INVALID_ARGUMENT: event.date: \"10000-01-01\" is not a date"},
      {"headline at the 8 KiB limit", Json("2020-01-02", "H" + std::string(8191, 'a')), "",
       "events/2020-01-02/h" + std::string(139, 'a')},
      {"headline one byte over", Json("2020-01-03", "H" + std::string(8192, 'a')),
       "INVALID_ARGUMENT: event.headline: 8193 bytes exceeds the limit of 8192"},
      {"256 sources", Json("2020-01-04", "Two hundred fifty six sources", Sources(256)), "",
       "events/2020-01-04/two-hundred-fifty-six-sources"},
      {"10,000 sources", Json("2020-01-05", "Ten thousand sources", Sources(10000)),
       "INVALID_ARGUMENT: event.sources: 10000 items exceeds the limit of 256"},
      {"a 300-topic chain in the headline", Json("2020-01-06", Chain(300)),
       "INVALID_ARGUMENT: event.headline: 300 items exceeds the limit of 256"},
      {"NUL byte (a control character: removed)", Json("2020-01-07", "Nul\\u0000byte"), "",
       "events/2020-01-07/nulbyte"},
      {"unpaired high surrogate escape", Json("2020-01-08", "Lone \\ud800 surrogate"),
       "INVALID_ARGUMENT: invalid JSON: Missing low surrogate"},
      {"reversed surrogate escapes", Json("2020-01-08", "Reversed \\udc00\\ud800 pair"),
       "INVALID_ARGUMENT: invalid JSON: Invalid unicode code point"},
      {"paired surrogate escapes", Json("2020-01-09", "Paired \\ud83d\\ude00 emoji"), "",
       "events/2020-01-09/paired-emoji"},
      {"overlong '/' (C0 AF)", Json("2020-01-10", "Overlong \xC0\xAF slash"),
       "INVALID_ARGUMENT: invalid JSON: Encountered non UTF-8 code points"},
      {"overlong NUL (C0 80)", Json("2020-01-10", "Overlong \xC0\x80 nul"),
       "INVALID_ARGUMENT: invalid JSON: Encountered non UTF-8 code points"},
      {"UTF-8-encoded surrogate (ED A0 80)", Json("2020-01-10", "Encoded \xED\xA0\x80 surrogate"),
       "INVALID_ARGUMENT: invalid JSON: Encountered non UTF-8 code points"},
  };
}

TEST(InputEdgesTest, EachLineGetsItsDocumentedOutcomeAndOnlyAcceptedOnesAreStored) {
  DatelinePair pair;
  ASSERT_TRUE(pair.Start());
  const std::vector<Edge> edges = Edges();
  const std::string file = pair.dir() + "/edges.jsonl";
  {
    std::ofstream out(file, std::ios::binary);
    for (const Edge& e : edges) out << e.line << "\n";
  }
  std::string out;
  ASSERT_EQ(RunShell(absl::StrCat(DATELINE_CTL_BIN, " --ingest=", pair.ingest()->address(),
                                  " import ", file, " 2>/dev/null"),
                     &out),
            0)
      << out;

  // A write after the import: its token makes every read below see the whole import.
  v1::IngestEventRequest sentinel;
  sentinel.mutable_event()->set_date("1999-01-01");
  sentinel.mutable_event()->set_headline("Sentinel after the edge lines");
  v1::IngestEventResponse sentinel_resp;
  ASSERT_TRUE(pair.ingest_stub()->IngestEvent(Ctx().get(), sentinel, &sentinel_resp).ok());
  const std::string token = sentinel_resp.consistency_token();

  int created = 0;
  for (size_t i = 0; i < edges.size(); ++i) {
    const Edge& e = edges[i];
    const std::string prefix = absl::StrCat(file, ":", i + 1, ": ");
    if (e.outcome.empty()) {
      ++created;
      EXPECT_THAT(out, ::testing::Not(HasSubstr(prefix))) << e.what;
      v1::GetEventRequest req;
      req.set_name(e.name);
      v1::Event event;
      req.set_consistency_token(token);
      grpc::Status st = pair.query_stub()->GetEvent(Ctx(30).get(), req, &event);
      EXPECT_TRUE(st.ok()) << e.what << ": " << e.name << ": " << st.error_code() << " "
                           << st.error_message() << "\n" << pair.query()->Log();
    } else {
      EXPECT_THAT(out, HasSubstr(prefix + e.outcome)) << e.what;
    }
  }
  EXPECT_THAT(out, HasSubstr(absl::StrCat("created ", created, ", updated 0, unchanged 0, rejected ",
                                          edges.size() - created, " (total ", edges.size(), ")")));

  // What was stored: the NUL removed, all 256 sources, the 8 KiB headline whole; and
  // nothing else in the whole range of dates.
  v1::GetEventRequest req;
  v1::Event event;
  req.set_name("events/2020-01-07/nulbyte");
  ASSERT_TRUE(pair.query_stub()->GetEvent(Ctx().get(), req, &event).ok());
  EXPECT_EQ(event.headline(), "Nulbyte");
  req.set_name("events/2020-01-04/two-hundred-fifty-six-sources");
  ASSERT_TRUE(pair.query_stub()->GetEvent(Ctx().get(), req, &event).ok());
  EXPECT_EQ(event.sources_size(), 256);
  req.set_name("events/2020-01-02/h" + std::string(139, 'a'));
  ASSERT_TRUE(pair.query_stub()->GetEvent(Ctx().get(), req, &event).ok());
  EXPECT_EQ(event.headline().size(), 8192u);
  v1::ListEventsRequest list;
  list.set_start_date("0001-01-01");
  list.set_end_date("9999-12-31");
  list.set_page_size(100);
  v1::ListEventsResponse page;
  grpc::Status st = pair.query_stub()->ListEvents(Ctx().get(), list, &page);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(page.events_size(), created + 1);  // and the sentinel
}

}  // namespace
}  // namespace dateline::testing
