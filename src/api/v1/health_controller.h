#pragma once
// Health, one resource on two surfaces:
//  GET /healthz        dashboard liveness probe: public, never rate limited,
//                      so load balancers and container runtimes poll freely.
//  GET /health         AutoArr health: public, status summary.
//  GET /api/v1/health  the same body, with the API key.
// The services map is empty until upstream services are configured; with
// none, the system is healthy.
#include "core/clock.h"
#include "http/router.h"

namespace helmarr::api::v1 {

class HealthController {
 public:
  explicit HealthController(const Clock& clock) : clock_(clock) {}
  void register_routes(http::Router& router);

 private:
  const Clock& clock_;
};

}  // namespace helmarr::api::v1
