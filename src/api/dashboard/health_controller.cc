#include "api/dashboard/health_controller.h"

namespace helmarr::api::dashboard {

void HealthController::register_routes(http::Router& router) {
  router.add(http::Method::get, "/healthz", [this](http::Request&) -> Result<http::Response> {
    return http::Response::json(200, R"({"status":"ok","ts":")" + iso8601(clock_.wall()) + "\"}");
  }, {.access = http::Access::open, .rate_category = ""});  // liveness probes poll freely
}

}  // namespace helmarr::api::dashboard
