#pragma once
// AutoArr health: GET /health (public, status summary only) and
// GET /api/v1/health (same body, with the API key). The services map is empty
// until upstream services are configured; with none, the system is healthy.
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
