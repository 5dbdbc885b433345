#include "api/dashboard/metrics_controller.h"

namespace helmarr::api::dashboard {

void MetricsController::register_routes(http::Router& router) {
  auto handler = [this](http::Request&) -> Result<http::Response> {
    return http::Response::text(200, metrics_.render(), "text/plain; version=0.0.4");
  };
  // Prometheus scrapes /metrics on a schedule: not rate limited (a scrape
  // without the key still counts as anonymous traffic).
  router.add(http::Method::get, "/metrics", handler, {.dialect = http::ErrorDialect::dashboard, .rate_category = ""});
  router.add(http::Method::get, "/api/metrics", handler, {.dialect = http::ErrorDialect::dashboard, .rate_category = "general"});
}

}  // namespace helmarr::api::dashboard
