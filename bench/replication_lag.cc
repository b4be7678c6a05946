// replication_lag: ingest-acknowledgement -> visible-on-a-replica latency. Sends
// events over one IngestEvents stream at a steady rate while a WatchEvents stream on
// each replica records when each event arrives there; prints p50/p90/p99/max of
// (seen on the replica - acknowledged by the ingest) per replica. Stops by itself
// after --duration (bounded count: rate x duration).
//
//   replication_lag --ingest=HOST:PORT --replicas=HOST:PORT[,HOST:PORT...]
//                   [--rate=2000] [--duration=10s]
#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "bench/latency_stats.h"
#include "dateline/v1/ingest_service.grpc.pb.h"
#include "dateline/v1/query_service.grpc.pb.h"
#include "lib/client/channel.h"
#include "lib/client/grpc_status.h"
#include "lib/client/ingest_stream.h"

ABSL_FLAG(std::string, ingest, "127.0.0.1:50051", "dateline-ingest address");
ABSL_FLAG(std::string, replicas, "", "comma-separated replica addresses (required)");
ABSL_FLAG(int, rate, 2000, "events per second sent");
ABSL_FLAG(absl::Duration, duration, absl::Seconds(10), "how long to send");
ABSL_FLAG(int, window, 256, "most unacknowledged events in flight");

namespace {

using dateline::v1::IngestEventRequest;
using dateline::v1::IngestEventResponse;

struct Replica {
  std::string address;
  std::mutex mu;
  std::map<std::string, absl::Time> seen;  // event name -> when the watch delivered it
  grpc::ClientContext ctx;
  std::thread thread;
};

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  std::vector<std::string> addresses =
      absl::StrSplit(absl::GetFlag(FLAGS_replicas), ',', absl::SkipEmpty());
  if (addresses.empty()) {
    std::fprintf(stderr, "replication_lag: --replicas is required\n");
    return 2;
  }
  const int rate = std::max(1, absl::GetFlag(FLAGS_rate));
  const int64_t total =
      static_cast<int64_t>(rate * absl::ToDoubleSeconds(absl::GetFlag(FLAGS_duration)));
  const std::string run = absl::StrCat(absl::ToUnixMillis(absl::Now()));

  std::vector<std::unique_ptr<Replica>> replicas;
  for (const std::string& a : addresses) {
    auto r = std::make_unique<Replica>();
    r->address = a;
    Replica* p = r.get();
    p->thread = std::thread([p] {
      auto stub = dateline::v1::QueryService::NewStub(dateline::client::Connect(p->address));
      auto reader = stub->WatchEvents(&p->ctx, dateline::v1::WatchEventsRequest());
      dateline::v1::EventChange change;
      while (reader->Read(&change)) {
        absl::Time now = absl::Now();
        std::lock_guard<std::mutex> lock(p->mu);
        p->seen.emplace(change.event().name(), now);
      }
      reader->Finish();
    });
    replicas.push_back(std::move(r));
  }
  absl::SleepFor(absl::Milliseconds(500));  // watches start "from now"

  std::vector<absl::Time> acked(total);
  std::vector<std::string> names(total);
  auto stub = dateline::v1::IngestService::NewStub(
      dateline::client::Connect(absl::GetFlag(FLAGS_ingest)));
  grpc::ClientContext ctx;
  const absl::Time start = absl::Now();
  int64_t next = 0;
  auto stats = dateline::client::RunIngestStream(
      stub.get(), &ctx, absl::GetFlag(FLAGS_window),
      [&](IngestEventRequest* req, int64_t* tag) {
        if (next >= total) return false;
        absl::Time due = start + absl::Seconds(1) * (static_cast<double>(next) / rate);
        absl::SleepFor(due - absl::Now());
        req->mutable_event()->set_date("2026-11-30");
        req->mutable_event()->set_headline(
            absl::StrCat("Replication lag probe ", run, " number ", next, "."));
        req->mutable_event()->add_sources()->set_name("Bench");
        *tag = next++;
        return true;
      },
      [&](int64_t tag, const IngestEventResponse& r) {
        acked[tag] = absl::Now();
        names[tag] = r.name();
      });
  const absl::Duration sent_for = absl::Now() - start;
  if (!stats.ok()) {
    std::fprintf(stderr, "replication_lag: ingest stream failed: %s\n",
                 dateline::client::FormatStatus(stats.status()).c_str());
    return 1;
  }
  absl::SleepFor(absl::Seconds(2));  // let the last changes arrive
  std::printf("sent %lld events in %s (%.0f/s)\n", static_cast<long long>(total),
              absl::FormatDuration(sent_for).c_str(), total / absl::ToDoubleSeconds(sent_for));
  int rc = 0;
  for (auto& r : replicas) {
    r->ctx.TryCancel();
    r->thread.join();
    std::vector<absl::Duration> lags;
    int64_t missing = 0;
    for (int64_t i = 0; i < total; ++i) {
      auto it = r->seen.find(names[i]);
      if (it == r->seen.end()) {
        ++missing;
        continue;
      }
      lags.push_back(std::max(absl::ZeroDuration(), it->second - acked[i]));
    }
    auto s = dateline::bench::Summarize(&lags);
    std::printf("replica %s: ack->visible p50 %s ms, p90 %s ms, p99 %s ms, max %s ms; "
                "%lld seen, %lld missing\n",
                r->address.c_str(), dateline::bench::Millis(s.p50).c_str(),
                dateline::bench::Millis(s.p90).c_str(), dateline::bench::Millis(s.p99).c_str(),
                dateline::bench::Millis(s.max).c_str(), static_cast<long long>(s.count),
                static_cast<long long>(missing));
    if (missing > 0) rc = 1;
  }
  return rc;
}
