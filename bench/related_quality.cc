// related_quality: quality and cost of computed related sets (ComputeRelated) for
// several scan bounds, in process over a real RocksDB store in a temporary directory.
//
// Loads the corpus files and the archive pages, then for every page with a curated
// Related list computes its related set with the curated list removed and counts how
// many curated events (resolved through aliases) appear in the computed top 10:
// recall@10 = hits / curated links that resolve to a stored event. Then times
// ComputeRelatedPage (thread CPU time, one thread, no gRPC) over events of the six most frequent
// topics, one page (--page) per call as ListRelatedEvents asks for it. One line per
// --scan_per_tag value:
//
//   RESULT scan_per_tag=N pages=P curated=C hits=H recall_at_10=R calls=K us_per_call=U
//          overlap_at_10_vs_first=O
// O: over the timing sample, the mean share of an event's top 10 at the first
// --scan_per_tag value that this value's top 10 keeps (1 for the first itself).
//
// Usage: related_quality --corpus=A.jsonl,B.jsonl --pages=DIR,DIR [--scan_per_tag=4000,1000]
#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/numbers.h"
#include "lib/client/jsonl_reader.h"
#include "lib/common/clock.h"
#include "lib/names/event_name.h"
#include "lib/store/event_store.h"
#include "lib/store/rocks_kv_store.h"
#include "services/ingest/ingestor.h"
#include "services/ingest/page_import.h"
#include "services/query/related.h"

ABSL_FLAG(std::vector<std::string>, corpus, {}, "JSON Lines files to load, in order");
ABSL_FLAG(std::vector<std::string>, pages, {},
          "directories searched for news/YYYY/MM/DD/{slug}.md archive pages (or .md files)");
ABSL_FLAG(std::vector<std::string>, scan_per_tag, (std::vector<std::string>{"4000", "1000"}),
          "RelatedOptions.scan_per_tag values to compare");
ABSL_FLAG(int, sample, 360, "events timed per setting (a sixth from each of six topics)");
ABSL_FLAG(int, repeat, 3, "timing passes over the sample per setting");
ABSL_FLAG(int, page, 50, "related events per call when timing (the service's default page)");
ABSL_FLAG(std::string, dump, "",
          "also write every sample event's whole related list (name, score, context) to "
          "this file, for comparing two builds");

namespace fs = std::filesystem;
using namespace dateline;  // NOLINT: a benchmark's main

namespace {

void Die(const absl::Status& s, absl::string_view what) {
  std::cerr << "related_quality: " << what << ": " << s << "\n";
  std::exit(1);
}

// "news/2017/07/30/slug.md" for a page file under `root` (or its own name).
std::string PagePath(const fs::path& file) {
  std::string p = file.generic_string();
  size_t at = p.rfind("news/");
  return at == std::string::npos ? file.filename().string() : p.substr(at);
}

// CPU time of this thread (the machine is shared: wall time would count others' work).
double ThreadCpuMicros() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("recall@10 and cost of computed related sets");
  absl::ParseCommandLine(argc, argv);
  const fs::path dir = fs::temp_directory_path() /
                       absl::StrCat("related-quality-", ::getpid());
  auto kv_or = RocksKvStore::OpenPrimary(dir.string());
  if (!kv_or.ok()) Die(kv_or.status(), "open store");
  std::unique_ptr<RocksKvStore> kv = *std::move(kv_or);
  Ingestor ingestor(kv.get(), Clock::Real());
  EventStore store(kv.get());

  // Load the corpus in groups, as a bulk stream does.
  int64_t loaded = 0;
  for (const std::string& file : absl::GetFlag(FLAGS_corpus)) {
    std::ifstream in(file);
    if (!in) Die(absl::NotFoundError(file), "open corpus");
    client::JsonlReader reader(&in);
    client::JsonlLine line;
    std::vector<IngestItem> group;
    auto flush = [&] {
      auto r = ingestor.ApplyAll(std::move(group));
      if (!r.ok()) Die(r.status(), "apply");
      group.clear();
    };
    while (reader.Next(&line)) {
      if (!line.request.ok()) continue;
      absl::StatusOr<IngestItem> item = Ingestor::Prepare(*line.request);
      if (!item.ok()) continue;
      group.push_back(*std::move(item));
      ++loaded;
      if (group.size() == 512) flush();
    }
    flush();
  }

  // Pages: import each, remember those with curated links.
  std::vector<std::string> page_names;
  for (const std::string& root : absl::GetFlag(FLAGS_pages)) {
    std::vector<fs::path> files;
    if (fs::is_regular_file(root)) {
      files.push_back(root);
    } else if (fs::is_directory(root)) {
      for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (e.is_regular_file() && e.path().extension() == ".md") files.push_back(e.path());
      }
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
      std::ifstream in(f);
      std::string markdown((std::istreambuf_iterator<char>(in)), {});
      v1::ImportPageRequest req;
      req.set_path(PagePath(f));
      req.set_markdown(markdown);
      absl::StatusOr<IngestItem> item = PreparePageImport(req);
      if (!item.ok()) continue;  // testdata may hold pages that do not parse on purpose
      absl::StatusOr<v1::IngestEventResponse> r = ingestor.Apply(*std::move(item));
      if (r.ok() && !r->has_error()) page_names.push_back(r->name());
    }
  }

  // Curated targets per page, resolved to canonical names.
  struct Page {
    StoredEvent stored;           // with the curated list removed
    std::set<std::string> curated;  // canonical names of resolved links
  };
  std::vector<Page> pages;
  int64_t curated_links = 0;
  for (const std::string& name : page_names) {
    absl::StatusOr<EventName> parsed = ParseEventName(name);
    if (!parsed.ok()) continue;
    auto found = store.FindEvent(*parsed);
    if (!found.ok()) Die(found.status(), "find page event");
    if (!found->has_value() || (*found)->event().related_size() == 0) continue;
    Page page;
    page.stored = **found;
    for (const v1::RelatedLink& link : page.stored.event().related()) {
      absl::StatusOr<EventName> target = ParseEventName(link.name());
      if (!target.ok()) continue;
      auto t = store.FindEvent(*target);
      if (!t.ok()) Die(t.status(), "find curated link");
      if (t->has_value()) page.curated.insert((*t)->event().name());
    }
    page.stored.mutable_event()->clear_related();
    curated_links += static_cast<int64_t>(page.curated.size());
    if (!page.curated.empty()) pages.push_back(std::move(page));
  }

  // Timing sample: up to --sample/6 events of each of the six most frequent topics
  // (as bench/run's related run: events without topics have empty related sets, and
  // rare topics scan few rows; both would flatter the figure).
  std::vector<StoredEvent> sample;
  {
    std::vector<StoredEvent> tagged;
    absl::flat_hash_map<std::string, int> topic_count;
    absl::Status scan = store.ScanDays({"0001-01-01", "9999-12-31"}, "", [&](StoredEvent e) {
      for (const std::string& k : e.topic_keys()) ++topic_count[k];
      if (e.topic_keys_size() > 0) tagged.push_back(std::move(e));
      return true;
    });
    if (!scan.ok()) Die(scan, "scan events");
    std::vector<std::pair<int, std::string>> by_count;
    for (const auto& [k, n] : topic_count) by_count.emplace_back(-n, k);
    std::sort(by_count.begin(), by_count.end());
    by_count.resize(std::min<size_t>(by_count.size(), 6));
    const int per_topic = std::max(1, absl::GetFlag(FLAGS_sample) / 6);
    for (const auto& [negative_count, key] : by_count) {
      int taken = 0;
      for (const StoredEvent& e : tagged) {
        if (taken == per_topic) break;
        if (std::find(e.topic_keys().begin(), e.topic_keys().end(), key) !=
            e.topic_keys().end()) {
          sample.push_back(e);
          ++taken;
        }
      }
    }
  }
  std::cout << "# loaded " << loaded << " corpus events; " << pages.size()
            << " pages with curated links (" << curated_links << " resolved); timing sample "
            << sample.size() << " events with topics x " << absl::GetFlag(FLAGS_repeat) << "\n";

  // Top 10 of each sample event at the first --scan_per_tag value: the reference the
  // other bounds are compared with (overlap@10: how much of it they keep).
  std::vector<std::set<std::string>> reference_top10;
  for (const std::string& s : absl::GetFlag(FLAGS_scan_per_tag)) {
    RelatedOptions options;
    if (!absl::SimpleAtoi(s, &options.scan_per_tag) || options.scan_per_tag < 1) {
      Die(absl::InvalidArgumentError(s), "--scan_per_tag");
    }
    int64_t hits = 0;
    for (const Page& page : pages) {
      RelatedOptions top10 = options;
      top10.max_computed = 10;
      auto related = ComputeRelated(store, page.stored, top10);
      if (!related.ok()) Die(related.status(), "related");
      for (const v1::RelatedEvent& r : *related) hits += page.curated.count(r.name());
    }
    if (const std::string dump = absl::GetFlag(FLAGS_dump); !dump.empty()) {
      std::ofstream out(absl::StrCat(dump, ".", options.scan_per_tag));
      for (const StoredEvent& e : sample) {
        auto related = ComputeRelated(store, e, options);
        if (!related.ok()) Die(related.status(), "related");
        out << e.event().name() << "\n";
        for (const v1::RelatedEvent& r : *related) {
          out << "  " << r.name() << " " << absl::StrFormat("%.17g", r.score()) << " "
              << absl::StrJoin(r.context(), "|") << "\n";
        }
      }
    }
    double overlap_sum = 0;
    int64_t overlap_events = 0;
    {
      RelatedOptions top10 = options;
      top10.max_computed = 10;
      const bool first = reference_top10.empty();
      for (size_t i = 0; i < sample.size(); ++i) {
        auto related = ComputeRelated(store, sample[i], top10);
        if (!related.ok()) Die(related.status(), "related");
        std::set<std::string> names;
        for (const v1::RelatedEvent& r : *related) names.insert(r.name());
        if (first) {
          reference_top10.push_back(std::move(names));
          continue;
        }
        const std::set<std::string>& ref = reference_top10[i];
        if (ref.empty()) continue;
        size_t kept = 0;
        for (const std::string& n : ref) kept += names.count(n);
        overlap_sum += static_cast<double>(kept) / ref.size();
        ++overlap_events;
      }
      if (first) {
        overlap_sum = 1;
        overlap_events = 1;
      }
    }
    int64_t calls = 0;
    const size_t page_size = static_cast<size_t>(std::max(1, absl::GetFlag(FLAGS_page)));
    const double start = ThreadCpuMicros();
    for (int rep = 0; rep < absl::GetFlag(FLAGS_repeat); ++rep) {
      for (const StoredEvent& e : sample) {
        auto related = ComputeRelatedPage(store, e, options, 0, page_size);
        if (!related.ok()) Die(related.status(), "related");
        ++calls;
      }
    }
    const double us = ThreadCpuMicros() - start;
    std::cout << absl::StrFormat(
        "RESULT scan_per_tag=%d pages=%d curated=%d hits=%d recall_at_10=%.3f calls=%d "
        "us_per_call=%.0f overlap_at_10_vs_first=%.3f\n",
        options.scan_per_tag, pages.size(), curated_links, hits,
        curated_links > 0 ? static_cast<double>(hits) / curated_links : 0.0, calls,
        calls > 0 ? us / calls : 0.0, overlap_events > 0 ? overlap_sum / overlap_events : 0.0);
  }
  kv.reset();
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
