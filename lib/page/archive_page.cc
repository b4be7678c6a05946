#include "lib/page/archive_page.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "lib/common/utf8.h"
#include "lib/names/event_name.h"
#include "lib/page/archive_path.h"
#include "lib/page/control_chars.h"
#include "lib/page/date_time.h"

namespace dateline::page {
namespace {

absl::Status FieldError(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
}

// Checks what every text field needs: valid UTF-8, no control characters.
absl::Status CheckText(absl::string_view field, absl::string_view text,
                       bool required) {
  if (required && text.empty()) return FieldError(field, "must not be empty");
  if (!IsValidUtf8(text)) return FieldError(field, "must be valid UTF-8");
  if (FindForbiddenControl(text) != text.size()) {
    return FieldError(field, "must not contain control characters");
  }
  return absl::OkStatus();
}

// A linked headline is written "[{headline} ](": the parser ends it at the
// first " ](".
absl::Status CheckLinkedHeadline(absl::string_view field,
                                 absl::string_view headline) {
  if (auto s = CheckText(field, headline, /*required=*/true); !s.ok()) {
    return s;
  }
  if (absl::StrCat(headline, " ](").find(" ](") != headline.size()) {
    return FieldError(field, "must not contain \" ](\"");
  }
  return absl::OkStatus();
}

absl::Status CheckPageLink(absl::string_view field, absl::string_view link) {
  if (auto path = ParseArchivePath(link); !path.ok()) {
    return FieldError(field, path.status().message());
  }
  return absl::OkStatus();
}

}  // namespace

bool operator==(const PageSource& a, const PageSource& b) {
  return a.outlet == b.outlet && a.url == b.url;
}
bool operator==(const PageRelated& a, const PageRelated& b) {
  return a.headline == b.headline && a.link == b.link && a.context == b.context;
}
bool operator==(const PageChange& a, const PageChange& b) {
  return a.headline == b.headline && a.link == b.link && a.time == b.time &&
         a.kind == b.kind;
}
bool operator==(const ArchivePage& a, const ArchivePage& b) {
  return a.date == b.date && a.date_link == b.date_link &&
         a.headline == b.headline && a.summary == b.summary &&
         a.sources == b.sources && a.related == b.related &&
         a.changes == b.changes;
}

absl::string_view ChangeKindLabel(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kFirst:
      return "First version";
    case ChangeKind::kUpdate:
      return "Update";
    case ChangeKind::kCurrent:
      return "Current version";
  }
  return "?";
}

std::string CanonicalDateLink(absl::string_view date) {
  return absl::StrCat("/", FormatArchivePath(date, "index"));
}

absl::Status ValidatePage(const ArchivePage& page) {
  if (!IsIsoDate(page.date)) {
    return FieldError("date", "must be a real calendar day as YYYY-MM-DD");
  }
  if (!page.date_link.empty()) {
    auto path = ParseArchivePath(page.date_link);
    if (!path.ok()) return FieldError("date_link", path.status().message());
    if (path->slug != "index" || path->date != page.date) {
      return FieldError("date_link", "must link to the index page of `date`");
    }
    if (page.date_link == CanonicalDateLink(page.date)) {
      return FieldError("date_link", "must be empty for the canonical link");
    }
  }
  if (auto s = CheckText("headline", page.headline, /*required=*/true);
      !s.ok()) {
    return s;
  }
  if (auto s = CheckText("summary", page.summary, /*required=*/false);
      !s.ok()) {
    return s;
  }
  if (page.summary == "### Source:" || page.summary == "### Related:" ||
      page.summary == "### Changes:") {
    return FieldError("summary", "must not be a section header line");
  }
  for (size_t i = 0; i < page.sources.size(); ++i) {
    const PageSource& s = page.sources[i];
    const std::string f = absl::StrFormat("sources[%d]", i);
    if (auto st = CheckText(f + ".outlet", s.outlet, true); !st.ok()) return st;
    if (s.outlet.find("](") != std::string::npos) {
      return FieldError(f + ".outlet", "must not contain \"](\"");
    }
    if (auto st = CheckText(f + ".url", s.url, false); !st.ok()) return st;
    if (s.url.empty() && s.outlet.front() == '[') {
      return FieldError(f + ".outlet", "must not start with '[' when there is no url");
    }
  }
  for (size_t i = 0; i < page.related.size(); ++i) {
    const PageRelated& r = page.related[i];
    const std::string f = absl::StrFormat("related[%d]", i);
    if (auto s = CheckLinkedHeadline(f + ".headline", r.headline); !s.ok()) {
      return s;
    }
    if (auto s = CheckPageLink(f + ".link", r.link); !s.ok()) return s;
    if (auto s = CheckText(f + ".context", r.context, false); !s.ok()) {
      return s;
    }
  }
  for (size_t i = 0; i < page.changes.size(); ++i) {
    const PageChange& c = page.changes[i];
    const std::string f = absl::StrFormat("changes[%d]", i);
    if (auto s = CheckLinkedHeadline(f + ".headline", c.headline); !s.ok()) {
      return s;
    }
    if (auto s = CheckPageLink(f + ".link", c.link); !s.ok()) return s;
    const bool last = i + 1 == page.changes.size();
    if (c.kind == ChangeKind::kCurrent) {
      if (!last) return FieldError(f + ".kind", "kCurrent must be the last");
      if (!c.time.empty()) return FieldError(f + ".time", "must be empty");
    } else {
      if (last) return FieldError(f + ".kind", "the last must be kCurrent");
      if (c.kind == ChangeKind::kFirst && i != 0) {
        return FieldError(f + ".kind", "kFirst must be the first");
      }
      if (!IsIsoDateTime(c.time)) {
        return FieldError(f + ".time", "must be YYYY-MM-DD HH:MM:SS");
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace dateline::page
