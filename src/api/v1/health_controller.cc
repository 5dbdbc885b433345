#include "api/v1/health_controller.h"

#include "api/json_body.h"

namespace helmarr::api::v1 {

void HealthController::register_routes(http::Router& router) {
  router.add(http::Method::get, "/healthz", [this](http::Request&) -> Result<http::Response> {
    return http::Response::json(200, R"({"status":"ok","ts":")" + iso8601(clock_.wall()) + "\"}");
  }, {.access = http::Access::open, .dialect = http::ErrorDialect::dashboard, .rate_category = ""});
  auto handler = [this](http::Request&) -> Result<http::Response> {
    return json_response(200, {{"status", "healthy"},
                               {"services", nlohmann::json::object()},
                               {"timestamp", iso8601(clock_.wall())}});
  };
  router.add(http::Method::get, "/health", handler,
             {.access = http::Access::open, .dialect = http::ErrorDialect::autoarr, .rate_category = "health"});
  router.add(http::Method::get, "/api/v1/health", handler,
             {.dialect = http::ErrorDialect::autoarr, .rate_category = "health"});
}

}  // namespace helmarr::api::v1
