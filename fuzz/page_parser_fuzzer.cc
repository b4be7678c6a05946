// libFuzzer target for ParsePage. On any input:
//   - a rejection is INVALID_ARGUMENT, and "line N: ..." unless over 1 MiB;
//   - an accepted page passes ValidatePage, renders back to the input byte for
//     byte, and the rendering parses to an equal page (the round-trip
//     property).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "lib/page/archive_page.h"
#include "lib/page/page_parser.h"
#include "lib/page/page_renderer.h"

namespace {

#define FUZZ_CHECK(cond, detail)                                   \
  do {                                                             \
    if (!(cond)) {                                                 \
      std::fprintf(stderr, "FUZZ_CHECK failed: %s\n  %s\n", #cond, \
                   std::string(detail).c_str());                   \
      std::abort();                                                \
    }                                                              \
  } while (0)

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace page = dateline::page;
  const absl::string_view input(reinterpret_cast<const char*>(data), size);

  auto parsed = page::ParsePage(input);
  if (!parsed.ok()) {
    const absl::Status& s = parsed.status();
    FUZZ_CHECK(s.code() == absl::StatusCode::kInvalidArgument, s.ToString());
    FUZZ_CHECK(
        size > page::kMaxPageBytes || absl::StartsWith(s.message(), "line "),
        s.ToString());
    return 0;
  }
  const absl::Status valid = page::ValidatePage(*parsed);
  FUZZ_CHECK(valid.ok(), valid.ToString());

  const std::string rendered = page::RenderPage(*parsed);
  FUZZ_CHECK(rendered == input, "rendering differs from the accepted input");

  auto again = page::ParsePage(rendered);
  FUZZ_CHECK(again.ok(), again.status().ToString());
  FUZZ_CHECK(*again == *parsed, "re-parsed page differs");
  return 0;
}
