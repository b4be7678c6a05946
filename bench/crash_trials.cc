// crash_trials: SIGKILL trials of dateline-ingest at random points of its work
// (issue 11, case 6; bench/crash-trials runs it). Each trial, on one store that grows
// across trials:
//   bulk    an IngestEvents stream of new events, killed 50-800 ms in;
//   backup  the same stream with AdminService/CreateBackup calls beside it (each one
//           flushes the memtables, so the kill also lands in flushes and the
//           compactions that the growing L0 triggers);
//   pages   ImportPage calls of new two-version archive pages (a page import writes
//           the event, its two revisions and the earlier name as an alias at once).
// After the kill the ingest is restarted and a query (secondary) started on the store:
// every acknowledged event must be readable with its headline (pages: with both
// revisions); of what was sent but not acknowledged, each event must be either absent
// or whole (pages: both revisions; events: readable); and every event the topic index
// lists for the trial must be readable (no dangling index rows). Prints one line per
// trial and `N passed, M failed`; exits 1 if any failed.
//
//   crash_trials --trials=100 --ingest_bin=... --query_bin=... [--seed=1] [--dir=DIR]
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "dateline/v1/admin_service.grpc.pb.h"
#include "dateline/v1/ingest_service.grpc.pb.h"
#include "dateline/v1/query_service.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"

ABSL_FLAG(int, trials, 100, "number of trials");
ABSL_FLAG(std::string, ingest_bin, "", "dateline-ingest binary");
ABSL_FLAG(std::string, query_bin, "", "dateline-query binary");
ABSL_FLAG(uint64_t, seed, 1, "random seed (kill times, trial kinds)");
ABSL_FLAG(std::string, dir, "", "work directory (default: a new one under $TMPDIR, removed)");

namespace {

namespace fs = std::filesystem;
using namespace dateline;

// A server child process on a port it picked (--listen=127.0.0.1:0 --port_file).
struct Proc {
  pid_t pid = -1;
  int port = 0;
  std::string address() const { return absl::StrCat("127.0.0.1:", port); }
};

Proc Spawn(const std::string& bin, std::vector<std::string> args, const std::string& log,
           const std::string& port_file) {
  fs::remove(port_file);
  args.insert(args.begin(), bin);
  args.push_back("--listen=127.0.0.1:0");
  args.push_back("--port_file=" + port_file);
  args.push_back("--drain_delay=0s");
  Proc p;
  p.pid = fork();
  if (p.pid == 0) {
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  for (int i = 0; i < 300 && p.port == 0; ++i) {
    std::ifstream in(port_file);
    in >> p.port;
    if (p.port == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return p;
}

bool WaitServing(const Proc& p) {
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(p.address(), grpc::InsecureChannelCredentials()));
  for (int i = 0; i < 300; ++i) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
    grpc::health::v1::HealthCheckRequest req;
    grpc::health::v1::HealthCheckResponse resp;
    if (stub->Check(&ctx, req, &resp).ok() &&
        resp.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

int Stop(Proc& p, int sig) {
  if (p.pid <= 0) return -1;
  kill(p.pid, sig);
  int status = 0;
  waitpid(p.pid, &status, 0);
  p.pid = -1;
  return status;
}

std::unique_ptr<grpc::ClientContext> Ctx(int seconds = 10) {
  auto c = std::make_unique<grpc::ClientContext>();
  c->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return c;
}

std::string Day(int trial, int k) {
  return absl::FormatCivilTime(absl::CivilDay(2030, 1, 1) + (trial * 7 + k % 7));
}

// One two-version page of trial `t`, number `k` (testdata/pages/two-versions.md's
// shape): the current name, the earlier one, and the page.
struct Page {
  std::string path, name, earlier, markdown, headline;
};
Page MakePage(int t, int k) {
  const std::string day = Day(t, k);
  const std::string ymd = absl::StrReplaceAll(day, {{"-", "/"}});
  const std::string id = absl::StrCat("k", k, "t", t);
  Page p;
  p.headline = absl::StrCat("The United Kingdom ", id, " leaves the European Union.");
  const std::string slug = absl::StrCat("the-united-kingdom-", id, "-leaves-the-european-union");
  p.path = absl::StrCat("news/", ymd, "/", slug, ".md");
  p.name = absl::StrCat("events/", day, "/", slug);
  p.earlier = absl::StrCat("events/", day, "/brexit-", slug);
  p.markdown = absl::StrCat(
      "### [", day, "](/news/", ymd, "/index.md)\n\n# ", p.headline,
      " \n\nThe withdrawal agreement takes effect at 23:00 GMT.\n\n\n### Source:\n\n"
      "1. [Reuters](https://www.reuters.com/article/us-britain-eu)\n\n### Changes:\n\n"
      "1. [Brexit: ", p.headline, " ](/news/", ymd, "/brexit-", slug, ".md) _", day,
      " 08:15:00 (First version)_\n1. [", p.headline, " ](/news/", ymd, "/", slug,
      ".md) _(Current version)_\n");
  return p;
}

v1::IngestEventRequest MakeEvent(int t, int k) {
  v1::IngestEventRequest r;
  r.mutable_event()->set_date(Day(t, k));
  r.mutable_event()->set_headline(absl::StrCat("Crash trial ", t, " event ", k, " happens"));
  r.mutable_event()->add_topics(absl::StrCat("Crash trial ", t));
  r.mutable_event()->set_summary(std::string(200, 'a' + k % 26));
  return r;
}

struct Sent {
  std::string name;
  std::string headline;
  bool acked = false;
};

// Checks the store after a trial through a query on it; "" when everything holds.
std::string Check(v1::QueryService::Stub* q, int trial, const std::vector<Sent>& sent,
                  bool pages) {
  for (const Sent& s : sent) {
    v1::GetEventRequest get;
    get.set_name(s.name);
    v1::Event e;
    grpc::Status st;
    for (int i = 0; i < 100; ++i) {  // the query follows within its catch-up interval
      st = q->GetEvent(Ctx().get(), get, &e);
      if (st.error_code() != grpc::StatusCode::NOT_FOUND || !s.acked) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (st.error_code() == grpc::StatusCode::NOT_FOUND && !s.acked) continue;  // absent: fine
    if (!st.ok()) {
      return absl::StrCat(s.acked ? "acknowledged " : "unacknowledged ", s.name, ": ",
                          st.error_code(), " ", st.error_message());
    }
    if (e.headline() != s.headline) return absl::StrCat(s.name, ": wrong headline");
    if (pages) {
      v1::ListEventRevisionsRequest rr;
      rr.set_name(s.name);
      v1::ListEventRevisionsResponse revs;
      st = q->ListEventRevisions(Ctx().get(), rr, &revs);
      if (!st.ok() || revs.revisions_size() != 2) {
        return absl::StrCat(s.name, ": ", st.ok() ? "" : st.error_message(), " ",
                            revs.revisions_size(), " revisions, expected 2 (half a page)");
      }
    }
  }
  if (!pages) {  // every event the index lists for the trial's topic is whole
    v1::ListEventsRequest list;
    list.set_start_date(Day(trial, 0));
    list.set_end_date(Day(trial, 6));
    list.set_topic(absl::StrCat("Crash trial ", trial));
    list.set_page_size(1000);
    for (;;) {
      v1::ListEventsResponse page;
      grpc::Status st = q->ListEvents(Ctx().get(), list, &page);
      if (!st.ok()) return absl::StrCat("ListEvents: ", st.error_code(), " ", st.error_message());
      for (const auto& e : page.events()) {
        v1::GetEventRequest get;
        get.set_name(e.name());
        v1::Event got;
        st = q->GetEvent(Ctx().get(), get, &got);
        if (!st.ok()) return absl::StrCat("listed ", e.name(), ": ", st.error_message());
      }
      if (page.next_page_token().empty()) break;
      list.set_page_token(page.next_page_token());
    }
  }
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const std::string ingest_bin = absl::GetFlag(FLAGS_ingest_bin);
  const std::string query_bin = absl::GetFlag(FLAGS_query_bin);
  std::string dir = absl::GetFlag(FLAGS_dir);
  const bool own_dir = dir.empty();
  if (own_dir) {
    std::string tmpl = (fs::temp_directory_path() / "crash_trials.XXXXXX").string();
    dir = mkdtemp(tmpl.data());
  }
  const std::string db = dir + "/db";
  std::mt19937_64 rng(absl::GetFlag(FLAGS_seed));
  int passed = 0, failed = 0;
  int64_t acked_total = 0, sent_total = 0;
  const int trials = absl::GetFlag(FLAGS_trials);
  for (int t = 0; t < trials; ++t) {
    const char* kind = t % 3 == 0 ? "bulk" : t % 3 == 1 ? "backup" : "pages";
    Proc ingest = Spawn(ingest_bin, {"--db=" + db, "--backup_root=" + dir + "/backups"},
                        dir + "/ingest.log", dir + "/ingest.port");
    if (!WaitServing(ingest)) {
      std::printf("trial %d (%s): FAILED: the ingest did not start (see %s/ingest.log)\n", t,
                  kind, dir.c_str());
      ++failed;
      Stop(ingest, SIGKILL);
      continue;
    }
    auto channel = grpc::CreateChannel(ingest.address(), grpc::InsecureChannelCredentials());
    auto stub = v1::IngestService::NewStub(channel);
    auto admin = v1::AdminService::NewStub(channel);
    std::mutex mu;
    std::vector<Sent> sent;
    std::atomic<bool> stop{false};
    std::vector<std::thread> workers;
    const int kill_ms = std::uniform_int_distribution<int>(50, 800)(rng);
    if (std::string(kind) == "pages") {
      workers.emplace_back([&] {
        for (int k = 0; !stop && k < 100000; ++k) {
          Page p = MakePage(t, k);
          {
            std::lock_guard<std::mutex> l(mu);
            sent.push_back({p.name, p.headline, false});
          }
          v1::ImportPageRequest req;
          req.set_path(p.path);
          req.set_markdown(p.markdown);
          v1::IngestEventResponse resp;
          grpc::Status st = stub->ImportPage(Ctx().get(), req, &resp);
          if (!st.ok()) return;
          std::lock_guard<std::mutex> l(mu);
          sent.back().acked = resp.name() == p.name;
        }
      });
    } else {
      workers.emplace_back([&] {
        grpc::ClientContext ctx;
        auto stream = stub->IngestEvents(&ctx);
        std::thread writer([&] {
          for (int k = 0; !stop && k < 200000; ++k) {
            v1::IngestEventRequest r = MakeEvent(t, k);
            {
              std::lock_guard<std::mutex> l(mu);
              sent.push_back({"", r.event().headline(), false});
            }
            if (!stream->Write(r)) return;
          }
        });
        v1::IngestEventResponse resp;
        while (stream->Read(&resp)) {
          std::lock_guard<std::mutex> l(mu);
          if (!resp.has_error() && resp.index() < static_cast<int64_t>(sent.size())) {
            sent[resp.index()].name = resp.name();
            sent[resp.index()].acked = true;
          }
        }
        stop = true;
        writer.join();
      });
      if (std::string(kind) == "backup") {
        workers.emplace_back([&] {
          while (!stop) {
            v1::CreateBackupRequest req;
            req.set_backup_dir("trials");
            req.set_keep_last(2);
            v1::Backup b;
            if (!admin->CreateBackup(Ctx(30).get(), req, &b).ok() && stop) return;
          }
        });
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_ms));
    Stop(ingest, SIGKILL);
    stop = true;
    for (auto& w : workers) w.join();

    // Unacknowledged bulk events have no name yet: derive it as the ingest would
    // (the slug of the headline, on its date) so that their absence or wholeness can
    // be checked too.
    std::string derivation_problem;
    for (Sent& s : sent) {
      if (std::string(kind) == "pages") break;  // pages are named when sent
      std::string slug;
      for (char c : s.headline) {
        const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (std::isalnum(static_cast<unsigned char>(l))) {
          slug += l;
        } else if (!slug.empty() && slug.back() != '-') {
          slug += '-';
        }
      }
      while (!slug.empty() && slug.back() == '-') slug.pop_back();
      const size_t num = s.headline.find(" event ");
      const int k = std::stoi(s.headline.substr(num + 7));
      const std::string derived = absl::StrCat("events/", Day(t, k), "/", slug);
      if (s.name.empty()) {
        s.name = derived;
      } else if (s.name != derived && derivation_problem.empty()) {
        // An acknowledged event checks the derivation the unacknowledged rely on.
        derivation_problem = absl::StrCat("derived name ", derived, " != ", s.name);
      }
    }

    ingest = Spawn(ingest_bin, {"--db=" + db, "--backup_root=" + dir + "/backups"},
                   dir + "/ingest.log", dir + "/ingest.port");
    std::string problem;
    if (!WaitServing(ingest)) problem = "the ingest did not restart after the kill";
    Proc query;
    if (problem.empty()) {
      query = Spawn(query_bin, {"--db=" + db, "--secondary_dir=" + dir + "/secondary"},
                    dir + "/query.log", dir + "/query.port");
      if (!WaitServing(query)) problem = "the query did not start";
    }
    if (problem.empty()) {
      auto q = v1::QueryService::NewStub(
          grpc::CreateChannel(query.address(), grpc::InsecureChannelCredentials()));
      problem = Check(q.get(), t, sent, std::string(kind) == "pages");
    }
    int acked = 0;
    for (const Sent& s : sent) acked += s.acked ? 1 : 0;
    acked_total += acked;
    sent_total += static_cast<int64_t>(sent.size());
    Stop(query, SIGTERM);
    const int rc = Stop(ingest, SIGTERM);
    if (problem.empty()) problem = derivation_problem;
    if (problem.empty() && !(WIFEXITED(rc) && WEXITSTATUS(rc) == 0)) {
      problem = absl::StrCat("the ingest did not stop cleanly (status ", rc, ")");
    }
    std::printf("trial %d (%s, killed at %d ms): %d acknowledged of %zu sent: %s\n", t, kind,
                kill_ms, acked, sent.size(), problem.empty() ? "ok" : ("FAILED: " + problem).c_str());
    std::fflush(stdout);
    (problem.empty() ? passed : failed)++;
  }
  std::printf("%d passed, %d failed (%lld events acknowledged, %lld sent in all)\n", passed,
              failed, static_cast<long long>(acked_total), static_cast<long long>(sent_total));
  if (own_dir && failed == 0) fs::remove_all(dir);
  if (failed > 0) std::printf("store and logs kept in %s\n", dir.c_str());
  return failed == 0 ? 0 : 1;
}
