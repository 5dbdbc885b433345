#include "api/dashboard/jobs_controller.h"

#include "api/json_body.h"

namespace helmarr::api::dashboard {

void JobsController::register_routes(http::Router& router) {
  const http::RoutePolicy opts{.dialect = http::ErrorDialect::dashboard, .rate_category = "general"};

  router.add(http::Method::get, "/api/jobs", [this](http::Request&) -> Result<http::Response> {
    return json_response(200, {{"jobs", scheduler_.jobs_json()}});
  }, opts);

  // Answers once the run is started, not when it ends: runs can take minutes.
  router.add(http::Method::post, "/api/jobs/{name}/run", [this](http::Request& req) -> Result<http::Response> {
    auto started = scheduler_.run_now(std::string(req.param("name")));
    if (!started) return tl::unexpected(started.error());
    return json_response(202, {{"started", true}});
  }, opts);
}

}  // namespace helmarr::api::dashboard
