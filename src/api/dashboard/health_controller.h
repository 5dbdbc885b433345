#pragma once
// GET /healthz — public liveness probe (dashboard seed). Not rate limited, so
// load balancers and container runtimes can poll it freely.
#include "core/clock.h"
#include "http/router.h"

namespace helmarr::api::dashboard {

class HealthController {
 public:
  explicit HealthController(const Clock& clock) : clock_(clock) {}
  void register_routes(http::Router& router);

 private:
  const Clock& clock_;
};

}  // namespace helmarr::api::dashboard
