#include "api/dashboard/metrics_controller.h"

namespace helmarr::api::dashboard {

void MetricsController::register_routes(http::Router& router) {
  auto handler = [this](http::Request&) -> Result<http::Response> {
    return http::Response::text(200, metrics_.render(), "text/plain; version=0.0.4");
  };
  router.add(http::Method::get, "/metrics", handler);
  router.add(http::Method::get, "/api/metrics", handler, {.rate_category = "general"});
}

}  // namespace helmarr::api::dashboard
