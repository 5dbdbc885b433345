#pragma once
// Prometheus text at GET /metrics and GET /api/metrics (both need the API key).
#include "http/router.h"
#include "system/metrics.h"

namespace helmarr::api::dashboard {

class MetricsController {
 public:
  explicit MetricsController(system::Metrics& metrics) : metrics_(metrics) {}
  void register_routes(http::Router& router);

 private:
  system::Metrics& metrics_;
};

}  // namespace helmarr::api::dashboard
