#include "lib/metrics/rpc_metrics.h"

#include <array>
#include <atomic>
#include <chrono>
#include <string>

#include "absl/container/node_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"
#include "absl/synchronization/mutex.h"
#include "lib/metrics/registry.h"
#include "prometheus/counter.h"
#include "prometheus/gauge.h"

namespace dateline::metrics {
namespace {

using grpc::experimental::InterceptionHookPoints;

const char* CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return "OK";
    case grpc::StatusCode::CANCELLED: return "CANCELLED";
    case grpc::StatusCode::UNKNOWN: return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND: return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED: return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE: return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED: return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL: return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS: return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED: return "UNAUTHENTICATED";
    default: return "UNKNOWN";
  }
}

// The metric families, and each method's series looked up once per method.
class RpcMetrics {
 public:
  static constexpr int kCodes = 17;  // grpc::StatusCode OK .. UNAUTHENTICATED
  struct PerMethod {
    prometheus::Histogram* duration;
    prometheus::Gauge* in_flight;
    std::string method;
    // The counter of each status code, added on first use (the family's Add builds and
    // hashes a label map under a lock: too slow for every call).
    std::array<std::atomic<prometheus::Counter*>, kCodes> by_code{};
  };

  static RpcMetrics& Get() {
    static auto* m = new RpcMetrics();
    return *m;
  }

  PerMethod* ForMethod(const std::string& method) {
    {
      absl::ReaderMutexLock lock(&mu_);
      auto it = methods_.find(method);
      if (it != methods_.end()) return &it->second;
    }
    absl::MutexLock lock(&mu_);
    auto [it, inserted] = methods_.try_emplace(method);
    if (inserted) {
      it->second.method = method;
      it->second.duration =
          &duration_.Add({{"method", method}}, LatencyBuckets());
      it->second.in_flight = &in_flight_.Add({{"method", method}});
    }
    return &it->second;
  }

  void Count(PerMethod* m, grpc::StatusCode code) {
    const int i = static_cast<int>(code);
    if (i < 0 || i >= kCodes) {
      requests_.Add({{"method", m->method}, {"code", CodeName(code)}}).Increment();
      return;
    }
    prometheus::Counter* c = m->by_code[i].load(std::memory_order_acquire);
    if (c == nullptr) {
      c = &requests_.Add({{"method", m->method}, {"code", CodeName(code)}});  // idempotent
      m->by_code[i].store(c, std::memory_order_release);
    }
    c->Increment();
  }

 private:
  RpcMetrics()
      : requests_(prometheus::BuildCounter()
                      .Name("dateline_rpc_requests_total")
                      .Help("RPCs answered, by full gRPC method and status code")
                      .Register(Registry())),
        duration_(prometheus::BuildHistogram()
                      .Name("dateline_rpc_duration_seconds")
                      .Help("Time from an RPC's start to its status being sent, by method")
                      .Register(Registry())),
        in_flight_(prometheus::BuildGauge()
                       .Name("dateline_rpc_in_flight")
                       .Help("RPCs started and not yet answered, by method")
                       .Register(Registry())) {}

  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& duration_;
  prometheus::Family<prometheus::Gauge>& in_flight_;
  absl::Mutex mu_;
  // node-based: PerMethod pointers stay valid
  absl::node_hash_map<std::string, PerMethod> methods_ ABSL_GUARDED_BY(mu_);
};

// The method label of a call: its full name when it is a method of a service this
// binary knows (its generated descriptors), "unknown" otherwise. A client can send any
// path (unregistered ones reach gRPC's generic handler and are answered
// UNIMPLEMENTED); labelling them as sent would let it grow the series without bound.
std::string MethodLabel(const char* path) {
  if (path == nullptr) return "unknown";
  absl::string_view p(path);
  if (!absl::ConsumePrefix(&p, "/")) return "unknown";
  const size_t slash = p.find('/');
  if (slash == absl::string_view::npos) return "unknown";
  const std::string full =
      absl::StrCat(p.substr(0, slash), ".", p.substr(slash + 1));  // pkg.Service.Method
  return google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(full) != nullptr
             ? std::string(path)
             : "unknown";
}

class RpcMetricsInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit RpcMetricsInterceptor(grpc::experimental::ServerRpcInfo* info)
      : series_(RpcMetrics::Get().ForMethod(MethodLabel(info->method()))),
        start_(std::chrono::steady_clock::now()) {
    series_->in_flight->Increment();
  }
  ~RpcMetricsInterceptor() override {
    if (!answered_) series_->in_flight->Decrement();
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      series_->duration->Observe(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
      RpcMetrics::Get().Count(series_, status.error_code());
      series_->in_flight->Decrement();
      answered_ = true;
    }
    methods->Proceed();
  }

 private:
  RpcMetrics::PerMethod* const series_;
  const std::chrono::steady_clock::time_point start_;
  bool answered_ = false;
};

class RpcMetricsFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new RpcMetricsInterceptor(info);
  }
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeRpcMetricsInterceptorFactory() {
  return std::make_unique<RpcMetricsFactory>();
}

}  // namespace dateline::metrics
