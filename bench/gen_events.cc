// gen_events: derives N distinct, realistic events from the corpus, for scale tests
// (docs/benchmarks.md). Deterministic: the same corpus, N and --seed give the same
// output, byte for byte, on the same platform (std::mt19937_64 and libstdc++'s
// distributions).
//
//   gen_events --count=1000000 --seed=1 CORPUS.jsonl... > events-1m.jsonl
//
// Each event starts from a corpus event picked at random and gets:
//   - its date shifted by up to ±10 years (kept within 1900..2099);
//   - with probability 1/2, one capitalized word after the first (a place, a person,
//     an organization, ...) replaced by another capitalized word of the corpus, so
//     headlines vary the way real ones do;
//   - with probability 1/3 a topic of the corpus added, with 1/5 one of its topics
//     dropped;
//   - its sources, summary, category and entities kept; `revises`, `slug` and
//     `related` dropped (every generated event is a creation).
// An event whose normalized name (date + slug, the store's key) was already produced,
// or that the ingest would reject, is drawn again, so all N are distinct events.
// Progress and a summary go to stderr.
#include <cstdint>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/util/json_util.h"
#include "lib/client/jsonl_reader.h"
#include "lib/normalize/submission.h"

ABSL_FLAG(int64_t, count, 1000000, "events to generate");
ABSL_FLAG(uint64_t, seed, 1, "random seed");

namespace {

using dateline::v1::EventSubmission;

bool Capitalized(const std::string& w) {
  return w.size() >= 3 && absl::ascii_isupper(static_cast<unsigned char>(w[0])) &&
         absl::ascii_islower(static_cast<unsigned char>(w[1]));
}

int Run(const std::vector<char*>& files) {
  std::vector<EventSubmission> corpus;
  std::vector<std::string> words, topics;
  std::unordered_set<std::string> seen_words, seen_topics;
  for (size_t f = 1; f < files.size(); ++f) {
    std::ifstream in(files[f]);
    if (!in) {
      std::cerr << "gen_events: cannot open " << files[f] << "\n";
      return 1;
    }
    dateline::client::JsonlReader reader(&in);
    dateline::client::JsonlLine line;
    while (reader.Next(&line)) {
      if (!line.request.ok()) continue;
      EventSubmission* sub = line.request->mutable_event();
      if (sub->headline().empty() || !sub->revises().empty()) continue;
      for (const std::string& w :
           std::vector<std::string>(absl::StrSplit(sub->headline(), ' '))) {
        if (Capitalized(w) && absl::ascii_isalpha(static_cast<unsigned char>(w.back())) &&
            seen_words.insert(w).second) {
          words.push_back(w);
        }
      }
      for (const std::string& t : sub->topics()) {
        if (seen_topics.insert(t).second) topics.push_back(t);
      }
      corpus.push_back(std::move(*sub));
    }
  }
  if (corpus.empty() || words.empty()) {
    std::cerr << "gen_events: no usable events in the input\n";
    return 1;
  }
  const int64_t count = absl::GetFlag(FLAGS_count);
  std::mt19937_64 rng(absl::GetFlag(FLAGS_seed));
  std::uniform_int_distribution<size_t> pick_event(0, corpus.size() - 1);
  std::uniform_int_distribution<size_t> pick_word(0, words.size() - 1);
  std::uniform_int_distribution<size_t> pick_topic(0, topics.empty() ? 0 : topics.size() - 1);
  std::uniform_int_distribution<int> shift(-3652, 3652);
  std::uniform_int_distribution<int> percent(0, 99);
  const absl::CivilDay lo(1900, 1, 1), hi(2099, 12, 31);

  std::unordered_set<std::string> names;
  names.reserve(static_cast<size_t>(count) * 2);
  google::protobuf::util::JsonPrintOptions json;
  json.preserve_proto_field_names = true;
  int64_t made = 0, redrawn = 0;
  std::string out;
  while (made < count) {
    EventSubmission e = corpus[pick_event(rng)];
    e.clear_revises();
    e.clear_slug();
    e.clear_related();
    e.clear_observe_time();
    absl::CivilDay day;
    if (!absl::ParseCivilTime(e.date(), &day)) {
      ++redrawn;
      continue;
    }
    day += shift(rng);
    if (day < lo) day = lo;
    if (day > hi) day = hi;
    e.set_date(absl::FormatCivilTime(day));
    if (percent(rng) < 50) {
      std::vector<std::string> w = absl::StrSplit(e.headline(), ' ');
      std::vector<size_t> caps;
      for (size_t i = 1; i < w.size(); ++i) {
        if (Capitalized(w[i]) && absl::ascii_isalpha(static_cast<unsigned char>(w[i].back()))) {
          caps.push_back(i);
        }
      }
      if (!caps.empty()) {
        std::uniform_int_distribution<size_t> which(0, caps.size() - 1);
        w[caps[which(rng)]] = words[pick_word(rng)];
        e.set_headline(absl::StrJoin(w, " "));
      }
    }
    if (!topics.empty() && percent(rng) < 33) e.add_topics(topics[pick_topic(rng)]);
    if (e.topics_size() > 0 && percent(rng) < 20) e.mutable_topics()->RemoveLast();
    auto normalized = dateline::NormalizeSubmission(e);
    if (!normalized.ok() || !names.insert(normalized->name.ToString()).second) {
      ++redrawn;
      continue;
    }
    out.clear();
    if (!google::protobuf::util::MessageToJsonString(e, &out, json).ok()) {
      ++redrawn;
      continue;
    }
    std::cout << out << '\n';
    if (++made % 100000 == 0) std::cerr << "gen_events: " << made << " events\n";
  }
  std::cout.flush();
  std::cerr << "gen_events: " << made << " events from " << corpus.size()
            << " corpus events (seed " << absl::GetFlag(FLAGS_seed) << "), " << redrawn
            << " draws redone (duplicate name or rejected)\n";
  return std::cout ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("gen_events --count=N --seed=S CORPUS.jsonl... > OUT.jsonl");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (args.size() < 2) {
    std::cerr << "usage: gen_events --count=N --seed=S CORPUS.jsonl... > OUT.jsonl\n";
    return 2;
  }
  return Run(args);
}
