#include "lib/metrics/function_gauges.h"

namespace dateline::metrics {

std::vector<prometheus::MetricFamily> FunctionGauges::Collect() const {
  std::vector<prometheus::MetricFamily> out;
  for (GaugeValue& g : fn_()) {
    prometheus::MetricFamily family;
    family.name = std::move(g.name);
    family.help = std::move(g.help);
    family.type = prometheus::MetricType::Gauge;
    prometheus::ClientMetric m;
    m.gauge.value = g.value;
    family.metric.push_back(std::move(m));
    out.push_back(std::move(family));
  }
  return out;
}

}  // namespace dateline::metrics
