#include "lib/page/page_parser.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lib/page/archive_page.h"

namespace dateline::page {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// A valid page with every part, one line per element (line N is kLines[N-1]).
const std::vector<std::string> kLines = {
    "### [2017-07-30](/news/2017/07/30/index.md)",                         // 1
    "",                                                                    // 2
    "# Headline one. ",                                                    // 3
    "",                                                                    // 4
    "Summary text.",                                                       // 5
    "",                                                                    // 6
    "",                                                                    // 7
    "### Source:",                                                         // 8
    "",                                                                    // 9
    "1. [BBC](http://www.bbc.com/news/x)",                                 // 10
    "2. [CNN](http://cnn.com/y_(z))",                                      // 11
    "",                                                                    // 12
    "### Related:",                                                        // 13
    "",                                                                    // 14
    "1. [Related one. ](/news/2017/02/9/related-one.md) _Context: A, B_",  // 15
    "",                                                                    // 16
    "### Changes:",                                                        // 17
    "",                                                                    // 18
    "1. [Old headline. ](/news/2017/07/30/old-headline.md) "
    "_2017-08-02 07:30:05 (First version)_",  // 19
    "2. [Mid headline. ](/news/2017/07/30/mid-headline.md) "
    "_2017-08-27 03:48:44 (Update)_",  // 20
    "2. [Headline one. ](/news/2017/07/30/headline-one.md) "
    "_(Current version)_",  // 21
};

std::string Join(const std::vector<std::string>& lines) {
  return absl::StrJoin(lines, "\n") + "\n";
}

// kLines with line `n` (1-based) replaced by `text`.
std::string WithLine(int n, const std::string& text) {
  std::vector<std::string> lines = kLines;
  lines[n - 1] = text;
  return Join(lines);
}

// kLines with lines [from, to] (1-based, inclusive) removed.
std::string Without(int from, int to) {
  std::vector<std::string> lines = kLines;
  lines.erase(lines.begin() + from - 1, lines.begin() + to);
  return Join(lines);
}

// kLines with `text` inserted before line `n`.
std::string Inserted(int n, const std::string& text) {
  std::vector<std::string> lines = kLines;
  lines.insert(lines.begin() + n - 1, text);
  return Join(lines);
}

// The first `n` lines of kLines, then `tail` (without a newline).
std::string CutInLine(int n, const std::string& tail) {
  std::vector<std::string> lines(kLines.begin(), kLines.begin() + n - 1);
  return Join(lines) + tail;
}

TEST(PageParserTest, ParsesEveryField) {
  auto page = ParsePage(Join(kLines));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->date, "2017-07-30");
  EXPECT_EQ(page->date_link, "");
  EXPECT_EQ(page->headline, "Headline one.");
  EXPECT_EQ(page->summary, "Summary text.");
  ASSERT_EQ(page->sources.size(), 2u);
  EXPECT_EQ(page->sources[0].outlet, "BBC");
  EXPECT_EQ(page->sources[0].url, "http://www.bbc.com/news/x");
  EXPECT_EQ(page->sources[1].url, "http://cnn.com/y_(z)");
  ASSERT_EQ(page->related.size(), 1u);
  EXPECT_EQ(page->related[0].headline, "Related one.");
  EXPECT_EQ(page->related[0].link, "/news/2017/02/9/related-one.md");
  EXPECT_EQ(page->related[0].context, "A, B");
  ASSERT_EQ(page->changes.size(), 3u);
  EXPECT_EQ(page->changes[0].headline, "Old headline.");
  EXPECT_EQ(page->changes[0].link, "/news/2017/07/30/old-headline.md");
  EXPECT_EQ(page->changes[0].time, "2017-08-02 07:30:05");
  EXPECT_EQ(page->changes[0].kind, ChangeKind::kFirst);
  EXPECT_EQ(page->changes[1].kind, ChangeKind::kUpdate);
  EXPECT_EQ(page->changes[2].kind, ChangeKind::kCurrent);
  EXPECT_EQ(page->changes[2].time, "");
}

TEST(PageParserTest, AcceptsVariantsOfValidPages) {
  struct Case {
    std::string name;
    std::string markdown;
  };
  const Case cases[] = {
      {"no_changes", Without(16, 21)},
      {"no_related", Without(12, 15)},
      {"no_source", Without(8, 12)},
      {"no_summary", Without(5, 7)},
      {"headline_only", Without(4, 21)},
      {"summary_only", Without(6, 21)},
      {"current_only_history",
       Join({kLines[0], "", kLines[2], "", "### Changes:", "",
             "1. [Headline one. ](/news/2017/07/30/headline-one.md) "
             "_(Current version)_"})},
      {"unpadded_date_link",
       WithLine(1, "### [2017-07-30](/news/2017/7/30/index.md)")},
      {"headline_with_brackets", WithLine(3, "# [Update] a ](b) ")},
      {"headline_with_trailing_space", WithLine(3, "# Spaced  ")},
      {"empty_context",
       WithLine(15, "1. [R. ](/news/2017/02/9/related-one.md) _Context: _")},
      {"tab_in_summary", WithLine(5, "a\tb")},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto page = ParsePage(c.markdown);
    EXPECT_TRUE(page.ok()) << page.status();
  }
}

TEST(PageParserTest, KeepsNonCanonicalDateLink) {
  auto page =
      ParsePage(WithLine(1, "### [2017-02-09](/news/2017/02/9/index.md)"));
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->date, "2017-02-09");
  EXPECT_EQ(page->date_link, "/news/2017/02/9/index.md");
}

TEST(PageParserTest, CurrentOnlyHistoryIsNumberedOne) {
  const std::string head =
      Join({kLines[0], "", kLines[2], "", "### Changes:", ""});
  const std::string item =
      ". [H. ](/news/2017/07/30/h.md) _(Current version)_\n";
  EXPECT_TRUE(ParsePage(head + "1" + item).ok());
  auto zero = ParsePage(head + "0" + item);
  EXPECT_EQ(zero.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(zero.status().message()), StartsWith("line 7: "));
}

struct MalformedCase {
  std::string name;
  std::string markdown;
  int line;              // Expected "line N: " prefix.
  std::string expected;  // Expected substring of the message.
};

TEST(PageParserTest, RejectsMalformedPagesNamingTheLine) {
  const std::string big_item =
      "1. [Old headline. ](/news/2017/07/30/old-headline.md) _";
  const MalformedCase cases[] = {
      {"empty_input", "", 1, "expected date line"},
      {"only_newline", "\n", 1, "expected date line"},
      {"no_h1", WithLine(3, "Headline one."), 3,
       "expected \"# {headline} \" (H1, with a trailing space) after the date"},
      {"h1_without_trailing_space", WithLine(3, "# Headline one."), 3,
       "(H1, with a trailing space)"},
      {"h1_empty", WithLine(3, "#  "), 3, "(H1"},
      {"h2_instead_of_h1", WithLine(3, "## Headline one. "), 3, "(H1"},
      {"no_blank_after_date", Without(2, 2), 2, "a blank line after the date"},
      {"date_line_missing", Without(1, 2), 1, "expected date line"},
      {"date_line_trailing_space",
       WithLine(1, "### [2017-07-30](/news/2017/07/30/index.md) "), 1,
       "expected date line"},
      {"date_link_other_day",
       WithLine(1, "### [2017-07-30](/news/2017/07/31/index.md)"), 1,
       "disagrees with the date 2017-07-30"},
      {"date_link_not_index",
       WithLine(1, "### [2017-07-30](/news/2017/07/30/other.md)"), 1,
       "disagrees"},
      {"date_link_garbage", WithLine(1, "### [2017-07-30](x)"), 1, "disagrees"},
      {"date_not_a_day",
       WithLine(1, "### [2017-02-29](/news/2017/02/29/index.md)"), 1,
       "not a real calendar day"},
      {"date_unpadded_text",
       WithLine(1, "### [2017-7-30](/news/2017/07/30/index.md)"), 1,
       "not a real calendar day"},
      {"truncated_mid_item", CutInLine(20, "2. [Mid headl"), 20,
       "missing final newline"},
      {"truncated_mid_link", CutInLine(15, "1. [Related one. ](/news/2017/0"),
       15, "missing final newline"},
      {"truncated_before_current", Without(21, 21), 20,
       "must be the current version"},
      {"truncated_after_changes_header", Without(19, 21), 19,
       "expected item 1"},
      {"truncated_after_blank", Without(13, 21), 13,
       "expected a section header"},
      {"change_without_time",
       WithLine(20,
                "2. [Mid headline. ](/news/2017/07/30/mid-headline.md) "
                "_(Update)_"),
       20, "expected \" _YYYY-MM-DD HH:MM:SS (First version|Update)_\""},
      {"change_without_anything",
       WithLine(20, "2. [Mid headline. ](/news/2017/07/30/mid-headline.md)"),
       20, "YYYY-MM-DD HH:MM:SS"},
      {"change_bad_time",
       WithLine(20,
                "2. [Mid headline. ](/news/2017/07/30/mid-headline.md) "
                "_2017-08-27 25:48:44 (Update)_"),
       20, "is not a real YYYY-MM-DD HH:MM:SS"},
      {"change_unknown_kind",
       WithLine(20,
                "2. [Mid headline. ](/news/2017/07/30/mid-headline.md) "
                "_2017-08-27 03:48:44 (Edit)_"),
       20, "(First version|Update)"},
      {"first_version_not_first",
       WithLine(20,
                "2. [Mid headline. ](/news/2017/07/30/mid-headline.md) "
                "_2017-08-27 03:48:44 (First version)_"),
       20, "only allowed as entry 1"},
      {"entry_after_current", Join([] {
         std::vector<std::string> l = kLines;
         l.push_back(l[19]);
         return l;
       }()),
       22, "after the current version"},
      {"update_misnumbered",
       WithLine(20,
                "3. [Mid headline. ](/news/2017/07/30/mid-headline.md) "
                "_2017-08-27 03:48:44 (Update)_"),
       20, "expected item number 2, got 3"},
      {"current_not_repeating",
       WithLine(21,
                "3. [Headline one. ](/news/2017/07/30/headline-one.md) "
                "_(Current version)_"),
       21, "expected item number 2 (the current version repeats"},
      {"source_misnumbered", WithLine(11, "3. [CNN](http://cnn.com/y)"), 11,
       "expected item number 2, got 3"},
      {"related_starts_at_two",
       WithLine(15, "2. [R. ](/news/2017/02/9/related-one.md) _Context: A_"),
       15, "expected item number 1, got 2"},
      {"leading_zero_number", WithLine(10, "01. [BBC](http://x)"), 10,
       "expected item number 1, got 01"},
      {"source_plain_with_link_syntax", WithLine(10, "1. BBC](http://x)"), 10,
       "expected source item \"1. [{outlet}]({url})\" or \"1. {outlet}\""},
      {"source_nothing_after_number", WithLine(10, "1. "), 10, "expected source item"},
      {"source_empty_url", WithLine(10, "1. [BBC]()"), 10, "non-empty"},
      {"source_empty_outlet", WithLine(10, "1. [](http://x)"), 10, "non-empty"},
      {"source_unnumbered", WithLine(10, "- [BBC](http://x)"), 10,
       "expected source item"},
      {"related_headline_no_space",
       WithLine(15, "1. [R.](/news/2017/02/9/related-one.md) _Context: A_"), 15,
       "ending in \" ](\""},
      {"related_link_not_archive",
       WithLine(15, "1. [R. ](http://example.com/x) _Context: A_"), 15,
       "expected a link to an archive page"},
      {"related_link_bad_date",
       WithLine(15, "1. [R. ](/news/2017/02/30/r.md) _Context: A_"), 15,
       "not a real calendar day"},
      {"related_without_context",
       WithLine(15, "1. [R. ](/news/2017/02/9/related-one.md)"), 15,
       "_Context: {context}_"},
      {"related_context_unclosed",
       WithLine(15, "1. [R. ](/news/2017/02/9/related-one.md) _Context: A"), 15,
       "_Context: {context}_"},
      {"summary_one_blank_after", Without(7, 7), 7,
       "a blank line after the summary"},
      {"blank_summary", WithLine(5, ""), 5, "the summary or a section"},
      {"unknown_section", WithLine(8, "### Sources:"), 8,
       "expected a section header"},
      {"sections_out_of_order", Join([] {
         std::vector<std::string> l(kLines.begin(), kLines.begin() + 7);
         for (int i : {12, 13, 14, 15, 7, 8, 9, 10}) l.push_back(kLines[i]);
         return l;
       }()),
       12, "repeated or out of order"},
      {"section_repeated", Inserted(12, "\n### Source:\n\n1. [X](y)"), 13,
       "repeated or out of order"},
      {"empty_section", Inserted(10, "\n### Related:\n"), 10,
       "expected item 1 of \"### Source:\""},
      {"trailing_blank_line", Join(kLines) + "\n", 23,
       "expected a section header"},
      {"no_blank_between_sections", Without(12, 12), 12,
       "expected source item"},
      {"nul_byte", WithLine(3, std::string("# Head\0line. ", 13)), 3,
       "NUL byte (byte 0x00) at column 7"},
      {"control_char", WithLine(5, "Sum\x1bmary"), 5, "control character"},
      {"crlf", absl::StrJoin(kLines, "\r\n") + "\r\n", 1, "carriage return"},
      {"invalid_utf8", WithLine(5, "Summ\xE9ry"), 5,
       "invalid UTF-8 at column 5"},
      {"overlong_utf8", WithLine(3, "# \xC0\xAF "), 3, "invalid UTF-8"},
      {"binary_garbage",
       std::string("\x7f"
                   "ELF\x02\x01\x01\0\0\0",
                   10),
       1, "control character"},
      {"big_unterminated", CutInLine(19, big_item), 19,
       "missing final newline"},
  };
  for (const MalformedCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto page = ParsePage(c.markdown);
    ASSERT_FALSE(page.ok()) << "accepted:\n" << c.markdown;
    EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(page.status().message()),
                StartsWith("line " + std::to_string(c.line) + ": "));
    EXPECT_THAT(std::string(page.status().message()), HasSubstr(c.expected));
  }
}

TEST(PageParserTest, RejectsPagesOverOneMebibyte) {
  // A valid page padded to just over the limit with a long summary.
  std::string summary(kMaxPageBytes, 'a');
  auto page = ParsePage(WithLine(5, summary));
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(page.status().message()), HasSubstr("1 MiB"));

  // Just under the limit is fine.
  const std::string base = Join(kLines);
  summary.resize(kMaxPageBytes - base.size() +
                 std::string("Summary text.").size());
  const std::string at_limit = WithLine(5, summary);
  ASSERT_EQ(at_limit.size(), kMaxPageBytes);
  EXPECT_TRUE(ParsePage(at_limit).ok());
}

TEST(PageParserTest, ErrorMessagesQuoteTheLineEscaped) {
  auto page = ParsePage(WithLine(8, "### Sources:\xC3\xA9"));
  ASSERT_FALSE(page.ok());
  EXPECT_THAT(std::string(page.status().message()),
              HasSubstr("got \"### Sources:\\xc3\\xa9\""));
}

TEST(PageParserTest, CheckPageMatchesPath) {
  ArchivePage page;
  page.date = "2017-02-09";
  EXPECT_TRUE(CheckPageMatchesPath(page, "/news/2017/02/9/x.md").ok());
  EXPECT_TRUE(CheckPageMatchesPath(page, "news/2017/02/09/x.md").ok());
  const absl::Status other = CheckPageMatchesPath(page, "news/2017/02/10/x.md");
  EXPECT_EQ(other.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(other.message()), HasSubstr("2017-02-10"));
  EXPECT_EQ(CheckPageMatchesPath(page, "x.md").code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace dateline::page
