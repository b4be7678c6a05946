#include "lib/server/request_log.h"

#include <string>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "lib/common/log.h"

namespace dateline {
namespace {

using grpc::experimental::InterceptionHookPoints;

class RequestLogInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit RequestLogInterceptor(grpc::experimental::ServerRpcInfo* info)
      : method_(info->method() != nullptr ? info->method() : "?"), start_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      grpc::Status status = methods->GetSendStatus();
      double ms = absl::ToDoubleMilliseconds(absl::Now() - start_);
      LogLine("RPC", absl::StrFormat("method=%s code=%d ms=%.3f", method_,
                                     static_cast<int>(status.error_code()), ms));
    }
    methods->Proceed();
  }

 private:
  std::string method_;
  absl::Time start_;
};

class RequestLogFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new RequestLogInterceptor(info);
  }
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeRequestLogInterceptorFactory() {
  return std::make_unique<RequestLogFactory>();
}

}  // namespace dateline
