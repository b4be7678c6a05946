#include "lib/normalize/sources.h"

#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "lib/common/status_macros.h"
#include "lib/normalize/text.h"

namespace dateline {
namespace {
constexpr size_t kMaxNameBytes = 512;
constexpr size_t kMaxUrlBytes = 4096;
}  // namespace

bool IsHttpUrl(absl::string_view url) {
  absl::string_view rest;
  if (absl::StartsWithIgnoreCase(url, "http://")) {
    rest = url.substr(7);
  } else if (absl::StartsWithIgnoreCase(url, "https://")) {
    rest = url.substr(8);
  } else {
    return false;
  }
  for (char c : url) {
    unsigned char u = c;
    if (u <= 0x20 || u == 0x7F) return false;
  }
  size_t host_end = rest.find_first_of("/?#");
  absl::string_view authority = rest.substr(0, host_end);
  size_t at = authority.rfind('@');
  absl::string_view host = at == absl::string_view::npos ? authority : authority.substr(at + 1);
  return !host.empty() && host[0] != ':' && host[0] != '.';
}

absl::StatusOr<google::protobuf::RepeatedPtrField<v1::Source>> NormalizeSources(
    const google::protobuf::RepeatedPtrField<v1::Source>& sources, absl::string_view field) {
  google::protobuf::RepeatedPtrField<v1::Source> out;
  std::set<std::pair<std::string, std::string>> seen;
  for (int i = 0; i < sources.size(); ++i) {
    std::string at = absl::StrCat(field, "[", i, "]");
    DL_ASSIGN_OR_RETURN(std::string name,
                        NormalizeText(sources[i].name(), absl::StrCat(at, ".name"),
                                      kMaxNameBytes));
    DL_ASSIGN_OR_RETURN(std::string url,
                        NormalizeText(sources[i].url(), absl::StrCat(at, ".url"),
                                      kMaxUrlBytes));
    if (name.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(at, ".name: required"));
    }
    if (!url.empty() && !IsHttpUrl(url)) {
      return absl::InvalidArgumentError(absl::StrCat(
          at, ".url: \"", absl::CHexEscape(url.substr(0, 200)),
          "\" is not an absolute http(s) URL"));
    }
    if (!seen.emplace(name, url).second) continue;
    v1::Source* s = out.Add();
    s->set_name(std::move(name));
    if (!url.empty()) s->set_url(std::move(url));
  }
  return out;
}

}  // namespace dateline
