#include "api/dashboard/me_controller.h"

#include "api/json_body.h"

namespace helmarr::api::dashboard {

void MeController::register_routes(http::Router& router) {
  router.add(http::Method::get, "/api/me", [](http::Request& req) -> Result<http::Response> {
    if (!req.identity) return fail(ErrorCode::unauthorized, "not authenticated");
    return json_response(200, {{"id", req.identity->id},
                               {"method", req.identity->method},
                               {"display", req.identity->display}});
  }, {.dialect = http::ErrorDialect::dashboard, .rate_category = "general"});
}

}  // namespace helmarr::api::dashboard
