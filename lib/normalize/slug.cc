#include "lib/normalize/slug.h"

#include "lib/common/utf8.h"
#include "lib/names/event_name.h"

namespace dateline {

std::string DeriveSlug(absl::string_view headline) {
  absl::string_view cut = headline.substr(0, Utf8PrefixLength(headline, kMaxSlugBytes));
  std::string slug;
  slug.reserve(cut.size());
  for (char raw : cut) {
    char c = (raw >= 'A' && raw <= 'Z') ? static_cast<char>(raw - 'A' + 'a') : raw;
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep) {
      slug.push_back(c);
    } else if (!slug.empty() && slug.back() != '-') {
      slug.push_back('-');
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

}  // namespace dateline
