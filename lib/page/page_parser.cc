#include "lib/page/page_parser.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "lib/common/utf8.h"
#include "lib/names/event_name.h"
#include "lib/page/archive_path.h"
#include "lib/page/control_chars.h"
#include "lib/page/date_time.h"

namespace dateline::page {
namespace {

constexpr absl::string_view kSourceHeader = "### Source:";
constexpr absl::string_view kRelatedHeader = "### Related:";
constexpr absl::string_view kChangesHeader = "### Changes:";
constexpr absl::string_view kContextPrefix = " _Context: ";
constexpr absl::string_view kCurrentTail = " _(Current version)_";

enum Section { kSources = 0, kRelated = 1, kChanges = 2, kNone = 3 };

Section SectionOf(absl::string_view line) {
  if (line == kSourceHeader) return kSources;
  if (line == kRelatedHeader) return kRelated;
  if (line == kChangesHeader) return kChanges;
  return kNone;
}

// Quotes (part of) a line for an error message, C-escaped so that the message
// stays printable ASCII whatever the input.
std::string Quote(absl::string_view text) {
  constexpr size_t kMax = 80;
  if (text.size() <= kMax)
    return absl::StrCat("\"", absl::CHexEscape(text), "\"");
  return absl::StrCat("\"", absl::CHexEscape(text.substr(0, kMax)), "\"...");
}

class Parser {
 public:
  explicit Parser(absl::string_view text) : text_(text) {}

  absl::StatusOr<ArchivePage> Parse();

 private:
  // "line N: {what}", N 1-based for the 0-based line index `index`.
  absl::Status ErrorAt(size_t index, absl::string_view what) const {
    return absl::InvalidArgumentError(
        absl::StrCat("line ", index + 1, ": ", what));
  }
  // Error at the current line, ending with ", got {line}" or
  // ", got end of file".
  absl::Status Expected(absl::string_view what) const {
    return ErrorAt(pos_, absl::StrCat("expected ", what, ", got ",
                                      AtEnd() ? std::string("end of file")
                                              : Quote(lines_[pos_])));
  }
  bool AtEnd() const { return pos_ >= lines_.size(); }

  absl::Status CheckBytes();
  absl::Status ExpectBlank(absl::string_view after);
  absl::Status ParseDateLine(ArchivePage* page);
  absl::Status ParseSection(Section section, ArchivePage* page);
  // Consumes "N. " with N == `number`; `item` describes the expected item.
  absl::Status ParseNumber(absl::string_view* line, int number,
                           absl::string_view item);
  // Parses "[{headline} ]({link})" off the front of `*line`.
  absl::Status ParseLinkedHeadline(absl::string_view* line,
                                   std::string* headline, std::string* link);
  absl::Status ParseSource(int number, ArchivePage* page);
  absl::Status ParseRelated(int number, ArchivePage* page);
  absl::Status ParseChange(int* dated, ArchivePage* page);

  absl::string_view text_;
  std::vector<absl::string_view> lines_;
  size_t pos_ = 0;  // Index of the next line to read.
};

absl::Status Parser::CheckBytes() {
  size_t index = 0;
  for (absl::string_view line : absl::StrSplit(text_, '\n')) {
    if (size_t col = FindForbiddenControl(line); col != line.size()) {
      const unsigned char c = static_cast<unsigned char>(line[col]);
      return ErrorAt(
          index,
          absl::StrFormat("%s (byte 0x%02X) at column %d",
                          c == 0      ? "NUL byte"
                          : c == '\r' ? "carriage return (CRLF line ends?)"
                                      : "control character",
                          c, col + 1));
    }
    if (size_t col = FirstInvalidUtf8(line); col != line.size()) {
      return ErrorAt(index,
                     absl::StrFormat("invalid UTF-8 at column %d", col + 1));
    }
    ++index;
  }
  if (!text_.empty() && text_.back() != '\n') {
    return ErrorAt(index - 1, "missing final newline (truncated page?)");
  }
  return absl::OkStatus();
}

absl::Status Parser::ExpectBlank(absl::string_view after) {
  if (AtEnd() || !lines_[pos_].empty()) {
    return Expected(absl::StrCat("a blank line after ", after));
  }
  ++pos_;
  return absl::OkStatus();
}

absl::Status Parser::ParseDateLine(ArchivePage* page) {
  constexpr absl::string_view kWant =
      "date line \"### [YYYY-MM-DD](/news/YYYY/MM/DD/index.md)\"";
  if (AtEnd()) return Expected(kWant);
  absl::string_view line = lines_[pos_];
  if (!absl::ConsumePrefix(&line, "### [") ||
      !absl::ConsumeSuffix(&line, ")")) {
    return Expected(kWant);
  }
  const size_t mid = line.find("](");
  if (mid == absl::string_view::npos) return Expected(kWant);
  const absl::string_view date = line.substr(0, mid);
  const absl::string_view link = line.substr(mid + 2);
  if (!IsIsoDate(date)) {
    return ErrorAt(pos_, absl::StrCat("date ", Quote(date),
                                      " is not a real calendar day as "
                                      "YYYY-MM-DD"));
  }
  page->date = std::string(date);
  const std::string canonical = CanonicalDateLink(date);
  if (link != canonical) {
    auto path = ParseArchivePath(link);
    if (!path.ok() || path->slug != "index" || path->date != date) {
      return ErrorAt(pos_, absl::StrCat("date link ", Quote(link),
                                        " disagrees with the date ", date,
                                        " (expected ", canonical, ")"));
    }
    page->date_link = std::string(link);
  }
  ++pos_;
  return absl::OkStatus();
}

absl::Status Parser::ParseNumber(absl::string_view* line, int number,
                                 absl::string_view item) {
  const std::string prefix = absl::StrCat(number, ". ");
  if (absl::ConsumePrefix(line, prefix)) return absl::OkStatus();
  // Say "wrong number" when the line is a numbered item at all.
  size_t digits = 0;
  while (digits < line->size() && absl::ascii_isdigit((*line)[digits])) {
    ++digits;
  }
  if (digits > 0 && line->substr(digits, 2) == ". ") {
    return ErrorAt(pos_, absl::StrCat("expected item number ", number, ", got ",
                                      line->substr(0, digits)));
  }
  return Expected(item);
}

absl::Status Parser::ParseLinkedHeadline(absl::string_view* line,
                                         std::string* headline,
                                         std::string* link) {
  if (!absl::ConsumePrefix(line, "[")) {
    return Expected("\"[{headline} ]({link})\" after the item number");
  }
  const size_t end = line->find(" ](");
  if (end == absl::string_view::npos || end == 0) {
    return ErrorAt(pos_,
                   "expected a non-empty headline ending in \" ](\" after "
                   "\"[\"");
  }
  *headline = std::string(line->substr(0, end));
  line->remove_prefix(end + 3);
  const size_t close = line->find(')');
  if (close == absl::string_view::npos) {
    return ErrorAt(pos_, "expected \")\" closing the link");
  }
  const absl::string_view target = line->substr(0, close);
  if (auto path = ParseArchivePath(target); !path.ok()) {
    return ErrorAt(pos_, absl::StrCat("expected a link to an archive page: ",
                                      path.status().message()));
  }
  *link = std::string(target);
  line->remove_prefix(close + 1);
  return absl::OkStatus();
}

absl::Status Parser::ParseSource(int number, ArchivePage* page) {
  const std::string want = absl::StrCat("source item \"", number, ". [{outlet}]({url})\" or \"",
                                        number, ". {outlet}\"");
  absl::string_view line = lines_[pos_];
  if (auto s = ParseNumber(&line, number, want); !s.ok()) return s;
  if (!line.empty() && line.front() != '[') {  // an outlet cited without a link
    if (line.find("](") != absl::string_view::npos) return Expected(want);
    page->sources.push_back(PageSource{std::string(line), ""});
    ++pos_;
    return absl::OkStatus();
  }
  if (!absl::ConsumePrefix(&line, "[") || !absl::ConsumeSuffix(&line, ")")) {
    return Expected(want);
  }
  const size_t mid = line.find("](");
  if (mid == absl::string_view::npos || mid == 0 || mid + 2 == line.size()) {
    return Expected(absl::StrCat(want, " with a non-empty outlet and URL"));
  }
  PageSource source;
  source.outlet = std::string(line.substr(0, mid));
  source.url = std::string(line.substr(mid + 2));
  page->sources.push_back(std::move(source));
  ++pos_;
  return absl::OkStatus();
}

absl::Status Parser::ParseRelated(int number, ArchivePage* page) {
  absl::string_view line = lines_[pos_];
  if (auto s = ParseNumber(
          &line, number,
          absl::StrCat("related item \"", number,
                       ". [{headline} ]({link}) _Context: {context}_\""));
      !s.ok()) {
    return s;
  }
  PageRelated related;
  if (auto s = ParseLinkedHeadline(&line, &related.headline, &related.link);
      !s.ok()) {
    return s;
  }
  if (!absl::ConsumePrefix(&line, kContextPrefix) ||
      !absl::ConsumeSuffix(&line, "_")) {
    return ErrorAt(pos_,
                   "expected \" _Context: {context}_\" after the related link");
  }
  related.context = std::string(line);
  page->related.push_back(std::move(related));
  ++pos_;
  return absl::OkStatus();
}

absl::Status Parser::ParseChange(int* dated, ArchivePage* page) {
  absl::string_view line = lines_[pos_];
  // The number depends on the kind, known only at the end of the line.
  size_t digits = 0;
  while (digits < line.size() && absl::ascii_isdigit(line[digits])) ++digits;
  if (digits == 0 || digits > 9 || line.substr(digits, 2) != ". ") {
    return Expected("changes item \"N. [{headline} ]({link}) _{when}_\"");
  }
  const absl::string_view number = line.substr(0, digits);
  line.remove_prefix(digits + 2);

  PageChange change;
  if (auto s = ParseLinkedHeadline(&line, &change.headline, &change.link);
      !s.ok()) {
    return s;
  }
  if (line == kCurrentTail) {
    change.kind = ChangeKind::kCurrent;
  } else {
    constexpr absl::string_view kFirstTail = " (First version)_";
    constexpr absl::string_view kUpdateTail = " (Update)_";
    absl::string_view time;
    if (absl::ConsumePrefix(&line, " _") && line.size() >= 19) {
      time = line.substr(0, 19);
      line.remove_prefix(19);
    }
    if (!time.empty() && line == kFirstTail) {
      change.kind = ChangeKind::kFirst;
    } else if (!time.empty() && line == kUpdateTail) {
      change.kind = ChangeKind::kUpdate;
    } else {
      return ErrorAt(pos_,
                     "expected \" _YYYY-MM-DD HH:MM:SS (First version|"
                     "Update)_\" or \" _(Current version)_\" after the link");
    }
    if (!IsIsoDateTime(time)) {
      return ErrorAt(pos_, absl::StrCat("time ", Quote(time),
                                        " is not a real YYYY-MM-DD HH:MM:SS"));
    }
    change.time = std::string(time);
  }

  if (!page->changes.empty() &&
      page->changes.back().kind == ChangeKind::kCurrent) {
    return ErrorAt(pos_, "entry after the current version (it must be last)");
  }
  if (change.kind == ChangeKind::kFirst && !page->changes.empty()) {
    return ErrorAt(pos_, "\"(First version)\" is only allowed as entry 1");
  }
  int want;
  if (change.kind == ChangeKind::kCurrent) {
    want = *dated > 0 ? *dated : 1;
  } else {
    want = ++*dated;
  }
  if (number != absl::StrCat(want)) {
    return ErrorAt(
        pos_,
        absl::StrCat("expected item number ", want,
                     change.kind == ChangeKind::kCurrent
                         ? " (the current version repeats the previous number)"
                         : "",
                     ", got ", number));
  }
  page->changes.push_back(std::move(change));
  ++pos_;
  return absl::OkStatus();
}

absl::Status Parser::ParseSection(Section section, ArchivePage* page) {
  const absl::string_view header = lines_[pos_];
  ++pos_;
  if (auto s = ExpectBlank(Quote(header)); !s.ok()) return s;
  if (AtEnd() || lines_[pos_].empty()) {
    return Expected(absl::StrCat("item 1 of ", Quote(header),
                                 " (empty sections are left out)"));
  }
  int number = 0;  // Changes: count of dated entries.
  while (!AtEnd() && !lines_[pos_].empty()) {
    absl::Status s;
    switch (section) {
      case kSources:
        s = ParseSource(++number, page);
        break;
      case kRelated:
        s = ParseRelated(++number, page);
        break;
      case kChanges:
        s = ParseChange(&number, page);
        break;
      case kNone:
        break;
    }
    if (!s.ok()) return s;
  }
  if (section == kChanges &&
      page->changes.back().kind != ChangeKind::kCurrent) {
    return ErrorAt(pos_ - 1,
                   "the last Changes entry must be the current version "
                   "\"_(Current version)_\" (truncated page?)");
  }
  return absl::OkStatus();
}

absl::StatusOr<ArchivePage> Parser::Parse() {
  if (auto s = CheckBytes(); !s.ok()) return s;
  lines_ = absl::StrSplit(text_, '\n');
  lines_.pop_back();  // After the final '\n' (or the empty input).

  ArchivePage page;
  if (auto s = ParseDateLine(&page); !s.ok()) return s;
  if (auto s = ExpectBlank("the date line"); !s.ok()) return s;
  {
    absl::string_view h1 = AtEnd() ? absl::string_view() : lines_[pos_];
    if (!absl::ConsumePrefix(&h1, "# ") || !absl::ConsumeSuffix(&h1, " ") ||
        h1.empty()) {
      return Expected(
          "\"# {headline} \" (H1, with a trailing space) after the date line");
    }
    page.headline = std::string(h1);
    ++pos_;
  }
  if (AtEnd()) return page;
  if (auto s = ExpectBlank("the headline"); !s.ok()) return s;
  if (AtEnd()) return Expected("the summary or a section after the blank line");

  if (lines_[pos_].empty()) {
    return Expected("the summary or a section after the blank line");
  }
  if (SectionOf(lines_[pos_]) == kNone) {
    page.summary = std::string(lines_[pos_]);
    ++pos_;
    if (AtEnd()) return page;
    if (auto s = ExpectBlank("the summary"); !s.ok()) return s;
    if (auto s = ExpectBlank("the summary (it is followed by two)"); !s.ok()) {
      return s;
    }
  }

  int next = kSources;  // Earliest section still allowed.
  while (true) {
    const Section section = AtEnd() ? kNone : SectionOf(lines_[pos_]);
    if (section == kNone) {
      return Expected(
          "a section header \"### Source:\", \"### Related:\" or "
          "\"### Changes:\"");
    }
    if (section < next) {
      return ErrorAt(pos_, absl::StrCat("section ", Quote(lines_[pos_]),
                                        " is repeated or out of order (order: "
                                        "Source, Related, Changes)"));
    }
    next = section + 1;
    if (auto s = ParseSection(section, &page); !s.ok()) return s;
    if (AtEnd()) return page;
    ++pos_;  // The blank line that ended the list.
  }
}

}  // namespace

absl::StatusOr<ArchivePage> ParsePage(absl::string_view markdown) {
  if (markdown.size() > kMaxPageBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("page is ", markdown.size(), " bytes, more than the ",
                     kMaxPageBytes, "-byte (1 MiB) limit"));
  }
  return Parser(markdown).Parse();
}

absl::Status CheckPageMatchesPath(const ArchivePage& page,
                                  absl::string_view path) {
  auto parsed = ParseArchivePath(path);
  if (!parsed.ok()) return parsed.status();
  if (parsed->date != page.date) {
    return absl::InvalidArgumentError(
        absl::StrCat("page date ", page.date, " disagrees with path \"",
                     absl::CHexEscape(path), "\" (", parsed->date, ")"));
  }
  return absl::OkStatus();
}

}  // namespace dateline::page
