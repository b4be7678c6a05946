#include "lib/normalize/submission.h"

#include <set>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "lib/common/status_macros.h"
#include "lib/normalize/date.h"
#include "lib/normalize/slug.h"
#include "lib/normalize/sources.h"
#include "lib/normalize/text.h"
#include "lib/normalize/topics.h"

namespace dateline {
namespace {

absl::Status CheckCount(int n, int max, absl::string_view field) {
  if (n <= max) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": ", n, " items exceeds the limit of ", max));
}

// Normalizes a list of short texts into `out` with their keys, dropping empty items
// and items whose key repeats an earlier one.
absl::Status NormalizeKeyedList(const google::protobuf::RepeatedPtrField<std::string>& in,
                                absl::string_view field, const SubmissionLimits& limits,
                                google::protobuf::RepeatedPtrField<std::string>* out,
                                std::vector<std::string>* keys) {
  DL_RETURN_IF_ERROR(CheckCount(in.size(), limits.max_list, field));
  std::set<std::string> seen;
  for (int i = 0; i < in.size(); ++i) {
    DL_ASSIGN_OR_RETURN(std::string text, NormalizeText(in[i], absl::StrCat(field, "[", i, "]"),
                                                        limits.short_text_bytes));
    std::string key = TopicKey(text);
    if (key.empty() || !seen.insert(key).second) continue;
    *out->Add() = std::move(text);
    keys->push_back(std::move(key));
  }
  return absl::OkStatus();
}

absl::StatusOr<absl::Time> ConvertTimestamp(const google::protobuf::Timestamp& ts,
                                            absl::string_view field) {
  // RFC 3339 range 0001-01-01 .. 9999-12-31, as google.protobuf.Timestamp requires.
  constexpr int64_t kMinSeconds = -62135596800;
  constexpr int64_t kMaxSeconds = 253402300799;
  if (ts.seconds() < kMinSeconds || ts.seconds() > kMaxSeconds || ts.nanos() < 0 ||
      ts.nanos() > 999999999) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": out of range (seconds ", ts.seconds(), ", nanos ",
                     ts.nanos(), ")"));
  }
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

}  // namespace

absl::StatusOr<NormalizedSubmission> NormalizeSubmission(
    const v1::EventSubmission& in, absl::string_view field,
    const SubmissionLimits& limits) {
  auto f = [&](absl::string_view name) { return absl::StrCat(field, ".", name); };
  NormalizedSubmission out;
  v1::Event& c = out.content;

  DL_ASSIGN_OR_RETURN(std::string headline,
                      NormalizeText(in.headline(), f("headline"), limits.headline_bytes));
  if (headline.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(f("headline"), ": required"));
  }
  DL_ASSIGN_OR_RETURN(out.name.date, NormalizeDate(in.date(), f("date")));

  if (in.has_slug() && !in.slug().empty()) {
    if (!IsSlug(in.slug())) {
      return absl::InvalidArgumentError(absl::StrCat(
          f("slug"), ": \"", absl::CHexEscape(in.slug().substr(0, 200)),
          "\" must match [a-z0-9]+(-[a-z0-9]+)* and be at most 140 bytes"));
    }
    out.name.slug = in.slug();
  } else {
    out.name.slug = DeriveSlug(headline);
    if (out.name.slug.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          f("headline"), ": has no ASCII letters or digits in its first 140 bytes to "
                         "derive a slug from; give event.slug"));
    }
  }
  c.set_headline(std::move(headline));

  DL_ASSIGN_OR_RETURN(std::string summary,
                      NormalizeText(in.summary(), f("summary"), limits.summary_bytes));
  if (!summary.empty()) c.set_summary(std::move(summary));
  DL_ASSIGN_OR_RETURN(std::string category,
                      NormalizeText(in.category(), f("category"), limits.short_text_bytes));
  if (!category.empty()) c.set_category(std::move(category));

  if (in.topics_size() > 0) {
    DL_RETURN_IF_ERROR(
        NormalizeKeyedList(in.topics(), f("topics"), limits, c.mutable_topics(),
                           &out.topic_keys));
  }
  // No topics given, or only empty ones (dropped above): the headline's chain. Found
  // by fuzz/submission_fuzzer: `"topics": [""]` kept the chain out, and so the stored
  // content normalized differently when submitted again.
  if (c.topics_size() == 0) {
    google::protobuf::RepeatedPtrField<std::string> chain;
    for (std::string& t : SplitTopicChain(c.headline())) *chain.Add() = std::move(t);
    DL_RETURN_IF_ERROR(NormalizeKeyedList(chain, f("headline"), limits, c.mutable_topics(),
                                          &out.topic_keys));
  }
  DL_RETURN_IF_ERROR(NormalizeKeyedList(in.entities(), f("entities"), limits,
                                        c.mutable_entities(), &out.entity_keys));

  DL_RETURN_IF_ERROR(CheckCount(in.sources_size(), limits.max_list, f("sources")));
  DL_ASSIGN_OR_RETURN(*c.mutable_sources(), NormalizeSources(in.sources(), f("sources")));

  DL_RETURN_IF_ERROR(CheckCount(in.related_size(), limits.max_list, f("related")));
  for (int i = 0; i < in.related_size(); ++i) {
    const v1::RelatedLink& r = in.related(i);
    std::string at = absl::StrCat(f("related"), "[", i, "]");
    DL_ASSIGN_OR_RETURN(EventName target, ParseEventName(r.name(), absl::StrCat(at, ".name")));
    v1::RelatedLink* link = c.add_related();
    link->set_name(target.ToString());
    DL_ASSIGN_OR_RETURN(std::string rh, NormalizeText(r.headline(), absl::StrCat(at, ".headline"),
                                                      limits.headline_bytes));
    if (!rh.empty()) link->set_headline(std::move(rh));
    DL_RETURN_IF_ERROR(CheckCount(r.context_size(), limits.max_list, absl::StrCat(at, ".context")));
    for (int k = 0; k < r.context_size(); ++k) {
      DL_ASSIGN_OR_RETURN(std::string ctx,
                          NormalizeText(r.context(k), absl::StrCat(at, ".context[", k, "]"),
                                        limits.short_text_bytes));
      if (!ctx.empty()) link->add_context(std::move(ctx));
    }
  }

  if (in.has_revises() && !in.revises().empty()) {
    DL_ASSIGN_OR_RETURN(out.revises, ParseEventName(in.revises(), f("revises")));
  }
  if (in.has_observe_time()) {
    DL_ASSIGN_OR_RETURN(out.observe_time,
                        ConvertTimestamp(in.observe_time(), f("observe_time")));
  }
  return out;
}

}  // namespace dateline
