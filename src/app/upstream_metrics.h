#pragma once
// Per-upstream metrics for the outbound client: net reports each fetch,
// system::Metrics counts it (system does not depend on net, so the adapter
// lives in the wiring).
#include "net/http_client.h"
#include "system/metrics.h"

namespace helmarr::app {

class UpstreamMetrics final : public net::FetchObserver {
 public:
  explicit UpstreamMetrics(system::Metrics& metrics) : metrics_(metrics) {}
  void on_fetch(std::string_view upstream, int status, std::string_view error_kind, double seconds) override {
    metrics_.observe_upstream(std::string(upstream), status, error_kind, seconds);
  }

 private:
  system::Metrics& metrics_;
};

}  // namespace helmarr::app
