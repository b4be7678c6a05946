// dateline_load: a load generator for the Dateline services.
//
//   --mode=ingest --target=HOST:PORT --file=FILE.jsonl [--count=N]
//   [--streams=S]
//       Parses the first N lines of FILE (before timing), then sends them over
//       S IngestEvents streams (bounded window each) and prints events/s.
//   --mode=get --target=HOST:PORT --names_from=list|FILE --concurrency=C
//       [--duration=10s] [--max_requests=N]
//       Issues GetEvent from C threads (sync stubs, one shared channel) until
//       the duration or the request budget runs out; prints QPS,
//       p50/p90/p99/max latency and the error count.
//   --mode=batch-get --target=HOST:PORT --names_from=list|FILE --batch=B
//       --concurrency=C [--duration=10s]
//       The same with BatchGetEvents of B random names per call; also prints
//       events/s (items_per_s).
//   --mode=related --target=HOST:PORT --names_from=list|FILE --concurrency=C
//       The same with ListRelatedEvents (first page).
//   --mode=health --target=HOST:PORT --concurrency=C [--duration=10s]
//       The same closed loop with grpc.health.v1.Health/Check: the cost of a unary
//       call doing no work on the same server, the baseline for GetEvent.
// Every mode ends with one `RESULT key=value ...` line for scripts.
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <atomic>
#include <functional>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "dateline/v1/ingest_service.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "dateline/v1/query_service.grpc.pb.h"
#include "lib/client/channel.h"
#include "lib/client/tls_flags.h"
#include "lib/client/grpc_status.h"
#include "lib/client/ingest_stream.h"
#include "lib/client/jsonl_reader.h"
#include "bench/latency_stats.h"

ABSL_FLAG(std::string, mode, "", "ingest, get, batch-get, related or health.");
ABSL_FLAG(std::string, target, "",
          "Server address HOST:PORT (ingest or query).");
ABSL_FLAG(std::string, file, "",
          "ingest: the .jsonl file of EventSubmissions.");
ABSL_FLAG(int64_t, count, 20000,
          "ingest: events to send (at most the file's lines).");
ABSL_FLAG(int32_t, streams, 1, "ingest: concurrent IngestEvents streams.");
ABSL_FLAG(int32_t, window, 256, "ingest: unanswered requests per stream.");
ABSL_FLAG(
    std::string, names_from, "list",
    "get: 'list' (ListEvents over --list_start..--list_end on --target) or a "
    "file with one event name per line.");
ABSL_FLAG(std::string, list_start, "2004-01-01",
          "get: first day for --names_from=list.");
ABSL_FLAG(std::string, list_end, "2026-12-31",
          "get: last day for --names_from=list.");
ABSL_FLAG(int64_t, names_limit, 10000, "get: at most this many names.");
ABSL_FLAG(int32_t, concurrency, 1, "get: threads issuing GetEvent.");
ABSL_FLAG(absl::Duration, duration, absl::Seconds(10), "get: how long to run.");
ABSL_FLAG(int64_t, max_requests, 1000000, "get: request budget.");
ABSL_FLAG(double, rate, 0,
          "get, batch-get, health: calls per second in all (0: closed loop, as fast as "
          "answers come)");
ABSL_FLAG(int32_t, batch, 100, "batch-get: names per BatchGetEvents call (at most 1000).");
ABSL_FLAG(int64_t, warmup_requests, 100,
          "get: untimed requests before the run.");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(10),
          "Deadline of each unary call.");

namespace {

using dateline::client::FormatStatus;
using dateline::FromGrpcStatus;
using dateline::v1::IngestEventRequest;
using dateline::v1::IngestEventResponse;

// A channel to `target` with the TLS flags' credentials (plaintext when none is set).
std::shared_ptr<grpc::Channel> Connect(const std::string& target) {
  static const auto* credentials = new std::shared_ptr<grpc::ChannelCredentials>(
      dateline::client::CredentialsFromFlags("dateline_load"));
  return dateline::client::Connect(target, *credentials);
}

int Fail(const std::string& message) {
  std::cerr << "dateline_load: " << message << "\n";
  return 1;
}

int RunIngest(const std::string& target) {
  const std::string file = absl::GetFlag(FLAGS_file);
  const int64_t count = absl::GetFlag(FLAGS_count);
  const int streams = std::max(1, absl::GetFlag(FLAGS_streams));
  if (file.empty()) return Fail("--mode=ingest needs --file=FILE.jsonl");
  std::ifstream in(file);
  if (!in) return Fail("cannot open " + file);

  // Parse first, so that only the sending is timed.
  std::vector<std::vector<IngestEventRequest>> slices(streams);
  dateline::client::JsonlReader reader(&in);
  dateline::client::JsonlLine line;
  int64_t loaded = 0, unparsable = 0;
  while (loaded < count && reader.Next(&line)) {
    if (!line.request.ok()) {
      ++unparsable;
      continue;
    }
    slices[loaded % streams].push_back(*std::move(line.request));
    ++loaded;
  }
  if (loaded < count) {
    std::cerr << "dateline_load: " << file << " has only " << loaded
              << " usable lines; sending those\n";
  }

  auto channel = Connect(target);
  auto stub = dateline::v1::IngestService::NewStub(channel);
  std::atomic<int64_t> created{0}, updated{0}, unchanged{0}, item_errors{0};
  std::mutex mu;
  absl::Status failure;
  const absl::Time start = absl::Now();
  std::vector<std::thread> threads;
  for (int s = 0; s < streams; ++s) {
    threads.emplace_back([&, s] {
      const auto& slice = slices[s];
      size_t next = 0;
      grpc::ClientContext context;
      auto stats = dateline::client::RunIngestStream(
          stub.get(), &context, absl::GetFlag(FLAGS_window),
          [&](IngestEventRequest* request, int64_t* tag) {
            if (next >= slice.size()) return false;
            *tag = static_cast<int64_t>(next);
            *request = slice[next++];
            return true;
          },
          [&](int64_t, const IngestEventResponse& r) {
            if (r.has_error()) {
              ++item_errors;
            } else if (r.outcome() == IngestEventResponse::CREATED) {
              ++created;
            } else if (r.outcome() == IngestEventResponse::UPDATED) {
              ++updated;
            } else {
              ++unchanged;
            }
          });
      if (!stats.ok()) {
        std::lock_guard<std::mutex> lock(mu);
        if (failure.ok()) failure = stats.status();
      }
    });
  }
  for (auto& t : threads) t.join();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  if (!failure.ok())
    return Fail("ingest stream failed: " + FormatStatus(failure));
  const int64_t answered = created + updated + unchanged + item_errors;
  const double rate = seconds > 0 ? answered / seconds : 0;
  std::cout << absl::StrFormat(
      "ingest: %d events over %d stream(s) in %.2f s = %.0f events/s "
      "(created %d, updated %d, unchanged %d, item errors %d, unparsable lines "
      "skipped %d)\n",
      answered, streams, seconds, rate, created.load(), updated.load(),
      unchanged.load(), item_errors.load(), unparsable);
  std::cout << absl::StrFormat(
      "RESULT mode=ingest events=%d streams=%d seconds=%.3f events_per_s=%.0f "
      "errors=%d\n",
      answered, streams, seconds, rate, item_errors.load());
  return 0;
}

absl::StatusOr<std::vector<std::string>> NamesFromList(
    dateline::v1::QueryService::Stub* stub) {
  std::vector<std::string> names;
  dateline::v1::ListEventsRequest request;
  request.set_start_date(absl::GetFlag(FLAGS_list_start));
  request.set_end_date(absl::GetFlag(FLAGS_list_end));
  request.set_page_size(1000);
  const int64_t limit = absl::GetFlag(FLAGS_names_limit);
  while (static_cast<int64_t>(names.size()) < limit) {
    dateline::v1::ListEventsResponse response;
    grpc::ClientContext context;
    context.set_deadline(
        absl::ToChronoTime(absl::Now() + absl::GetFlag(FLAGS_timeout)));
    absl::Status status =
        FromGrpcStatus(stub->ListEvents(&context, request, &response));
    if (!status.ok()) return status;
    for (const auto& e : response.events()) {
      if (static_cast<int64_t>(names.size()) < limit) names.push_back(e.name());
    }
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  return names;
}

absl::StatusOr<std::vector<std::string>> NamesFromFile(
    const std::string& file) {
  std::ifstream in(file);
  if (!in) return absl::NotFoundError("cannot open " + file);
  std::vector<std::string> names;
  std::string line;
  const int64_t limit = absl::GetFlag(FLAGS_names_limit);
  while (static_cast<int64_t>(names.size()) < limit && std::getline(in, line)) {
    absl::string_view name = absl::StripAsciiWhitespace(line);
    if (!name.empty()) names.emplace_back(name);
  }
  return names;
}

// One call of a closed-loop run: the status of one request, picked with `random`.
using Call = std::function<absl::Status(std::mt19937_64& random)>;

// Calls `call` from `concurrency` threads, each issuing its next request when the
// last one is answered, until --duration or --max_requests; prints the figures and
// a `RESULT mode=<mode> ...` line.
int ClosedLoop(const std::string& mode, const std::string& what, int concurrency,
               const Call& call, int items_per_call = 1) {
  const int64_t max_requests = absl::GetFlag(FLAGS_max_requests);
  std::atomic<int64_t> issued{0}, errors{0};
  std::vector<std::vector<absl::Duration>> latencies(concurrency);
  std::mutex mu;
  std::string first_error;
  const absl::Time start = absl::Now();
  const absl::Time stop = start + absl::GetFlag(FLAGS_duration);
  std::vector<std::thread> threads;
  // With --rate, each thread issues its calls on a fixed schedule (rate/concurrency
  // per second each) and a call's latency counts from its scheduled time, so a slow
  // answer also charges the calls it delayed (no coordinated omission).
  const double rate = absl::GetFlag(FLAGS_rate);
  const absl::Duration interval =
      rate > 0 ? absl::Seconds(concurrency / rate) : absl::ZeroDuration();
  for (int t = 0; t < concurrency; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937_64 random(1234 + t);
      auto& mine = latencies[t];
      absl::Time next = start + interval * t / concurrency;
      while (absl::Now() < stop && issued.fetch_add(1) < max_requests) {
        absl::Time begin = absl::Now();
        if (rate > 0) {
          if (begin < next) absl::SleepFor(next - begin);
          begin = next;
          next += interval;
        }
        absl::Status status = call(random);
        const absl::Duration took = absl::Now() - begin;
        if (status.ok()) {
          mine.push_back(took);
        } else {
          ++errors;
          std::lock_guard<std::mutex> lock(mu);
          if (first_error.empty()) first_error = FormatStatus(status);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);

  std::vector<absl::Duration> all;
  for (auto& v : latencies) all.insert(all.end(), v.begin(), v.end());
  const auto s = dateline::bench::Summarize(&all);
  const int64_t requests = s.count + errors.load();
  const double qps = seconds > 0 ? requests / seconds : 0;
  using dateline::bench::Millis;
  std::cout << absl::StrFormat(
      "%s: concurrency %d, %d requests (%s) in %.2f s = %.0f QPS; latency ms "
      "p50 %s p90 %s p99 %s max %s; errors %d\n",
      mode, concurrency, requests, what, seconds, qps, Millis(s.p50), Millis(s.p90),
      Millis(s.p99), Millis(s.max), errors.load());
  if (!first_error.empty()) std::cout << "first error: " << first_error << "\n";
  std::cout << absl::StrFormat(
      "RESULT mode=%s concurrency=%d requests=%d seconds=%.3f qps=%.0f p50_ms=%s "
      "p90_ms=%s p99_ms=%s max_ms=%s errors=%d items_per_call=%d items_per_s=%.0f\n",
      mode, concurrency, requests, seconds, qps, Millis(s.p50), Millis(s.p90),
      Millis(s.p99), Millis(s.max), errors.load(), items_per_call,
      seconds > 0 ? s.count * static_cast<double>(items_per_call) / seconds : 0);
  return 0;
}

// Untimed warm-up: --warmup_requests calls; a transport failure ends the run.
absl::Status WarmUp(const Call& call) {
  std::mt19937_64 random(1);
  for (int64_t i = 0; i < absl::GetFlag(FLAGS_warmup_requests); ++i) {
    absl::Status status = call(random);
    if (!status.ok() && dateline::client::IsTransportFailure(status.code())) return status;
  }
  return absl::OkStatus();
}

// The names to read, from --names_from; an error says why there are none.
absl::StatusOr<std::vector<std::string>> LoadNames(dateline::v1::QueryService::Stub* stub) {
  const std::string names_from = absl::GetFlag(FLAGS_names_from);
  auto names = names_from == "list" ? NamesFromList(stub) : NamesFromFile(names_from);
  if (!names.ok()) {
    return absl::Status(names.status().code(),
                        "cannot get names: " + FormatStatus(names.status()));
  }
  if (names->empty()) return absl::NotFoundError("no event names to request");
  return names;
}

// One call on names picked (uniformly, with `random`) from `names`.
using NamedCall = std::function<absl::Status(dateline::v1::QueryService::Stub* stub,
                                             const std::vector<std::string>& names,
                                             std::mt19937_64& random)>;

// Loads --names_from, warms up, then runs `call` in the closed loop as `mode`.
int RunOnNames(const std::string& target, const std::string& mode, int items_per_call,
               const NamedCall& call) {
  auto channel = Connect(target);
  auto stub = dateline::v1::QueryService::NewStub(channel);
  auto names = LoadNames(stub.get());
  if (!names.ok()) return Fail(std::string(names.status().message()));
  Call bound = [&](std::mt19937_64& random) { return call(stub.get(), *names, random); };
  if (absl::Status st = WarmUp(bound); !st.ok()) {
    return Fail("warm-up failed: " + FormatStatus(st));
  }
  return ClosedLoop(mode, absl::StrFormat("%d per call, of %d names", items_per_call, names->size()),
                    std::max(1, absl::GetFlag(FLAGS_concurrency)), bound, items_per_call);
}

// A uniformly random one of `names`.
const std::string& Pick(const std::vector<std::string>& names, std::mt19937_64& random) {
  return names[std::uniform_int_distribution<size_t>(0, names.size() - 1)(random)];
}

// Deadline of one call.
void SetDeadline(grpc::ClientContext* context) {
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::GetFlag(FLAGS_timeout)));
}

int RunGet(const std::string& target) {
  return RunOnNames(target, "get", 1, [](auto* stub, const auto& names, auto& random) {
    dateline::v1::GetEventRequest request;
    request.set_name(Pick(names, random));
    dateline::v1::Event event;
    grpc::ClientContext context;
    SetDeadline(&context);
    absl::Status st = FromGrpcStatus(stub->GetEvent(&context, request, &event));
    if (!st.ok()) return absl::Status(st.code(), request.name() + ": " + std::string(st.message()));
    return st;
  });
}

// ListRelatedEvents (first page) of uniformly random names.
int RunRelated(const std::string& target) {
  return RunOnNames(target, "related", 1, [](auto* stub, const auto& names, auto& random) {
    dateline::v1::ListRelatedEventsRequest request;
    request.set_name(Pick(names, random));
    dateline::v1::ListRelatedEventsResponse response;
    grpc::ClientContext context;
    SetDeadline(&context);
    return FromGrpcStatus(stub->ListRelatedEvents(&context, request, &response));
  });
}

// BatchGetEvents of --batch uniformly random names per call.
int RunBatchGet(const std::string& target) {
  const int batch = std::max(1, absl::GetFlag(FLAGS_batch));
  return RunOnNames(target, "batch-get", batch, [batch](auto* stub, const auto& names,
                                                        auto& random) {
    dateline::v1::BatchGetEventsRequest request;
    for (int i = 0; i < batch; ++i) request.add_names(Pick(names, random));
    dateline::v1::BatchGetEventsResponse response;
    grpc::ClientContext context;
    SetDeadline(&context);
    absl::Status st = FromGrpcStatus(stub->BatchGetEvents(&context, request, &response));
    if (st.ok() && response.events_size() != batch) {
      return absl::InternalError(absl::StrFormat("asked for %d events, got %d", batch,
                                                 response.events_size()));
    }
    return st;
  });
}

// grpc.health.v1.Health/Check of the overall service: the cost of a unary call that
// does no work, the baseline GetEvent is measured against.
int RunHealth(const std::string& target) {
  auto channel = Connect(target);
  auto stub = grpc::health::v1::Health::NewStub(channel);
  Call check = [&](std::mt19937_64&) {
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    grpc::ClientContext context;
    SetDeadline(&context);
    return FromGrpcStatus(stub->Check(&context, request, &response));
  };
  if (absl::Status st = WarmUp(check); !st.ok()) return Fail("warm-up failed: " + FormatStatus(st));
  return ClosedLoop("health", "Check", std::max(1, absl::GetFlag(FLAGS_concurrency)), check);
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "load generator for Dateline.\n"
      "  dateline_load --mode=ingest --target=HOST:PORT --file=F.jsonl "
      "[--count=N] [--streams=S]\n"
      "  dateline_load --mode=get --target=HOST:PORT --names_from=list|FILE "
      "--concurrency=C [--duration=10s] [--max_requests=N]\n"
      "  dateline_load --mode=batch-get --target=HOST:PORT --names_from=list|FILE --batch=B "
      "--concurrency=C\n"
      "  dateline_load --mode=health --target=HOST:PORT --concurrency=C [--duration=10s]");
  absl::ParseCommandLine(argc, argv);
  const std::string target = absl::GetFlag(FLAGS_target);
  if (target.empty()) return Fail("--target=HOST:PORT is required");
  const std::string mode = absl::GetFlag(FLAGS_mode);
  if (mode == "ingest") return RunIngest(target);
  if (mode == "get") return RunGet(target);
  if (mode == "health") return RunHealth(target);
  if (mode == "batch-get") return RunBatchGet(target);
  if (mode == "related") return RunRelated(target);
  return Fail("--mode must be ingest, get, batch-get, related or health");
}
