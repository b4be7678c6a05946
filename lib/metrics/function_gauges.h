// Gauges a function computes at each scrape, for figures another component owns (e.g.
// a replica's lag behind its writer); a family is absent when the function leaves
// it out.
#ifndef DATELINE_LIB_METRICS_FUNCTION_GAUGES_H_
#define DATELINE_LIB_METRICS_FUNCTION_GAUGES_H_

#include <functional>
#include <string>
#include <vector>

#include "prometheus/collectable.h"
#include "prometheus/metric_family.h"

namespace dateline::metrics {

struct GaugeValue {
  std::string name;
  std::string help;
  double value = 0;
};

class FunctionGauges : public prometheus::Collectable {
 public:
  using Fn = std::function<std::vector<GaugeValue>()>;
  explicit FunctionGauges(Fn fn) : fn_(std::move(fn)) {}

  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const Fn fn_;
};

}  // namespace dateline::metrics

#endif  // DATELINE_LIB_METRICS_FUNCTION_GAUGES_H_
