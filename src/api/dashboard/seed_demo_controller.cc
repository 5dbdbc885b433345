#include "api/dashboard/seed_demo_controller.h"

#include "api/json_body.h"
#include "library/demo_seed.h"

namespace helmarr::api::dashboard {

void SeedDemoController::register_routes(http::Router& router) {
  const http::RoutePolicy opts{.dialect = http::ErrorDialect::dashboard, .rate_category = "general",
                               .execution = http::Execution::blocking};

  router.add(http::Method::post, "/api/seed-demo", [this](http::Request&) -> Result<http::Response> {
    auto seeded = library::seed_demo(library_);
    if (!seeded) return tl::unexpected(seeded.error());
    // Only the parts that exist so far: evidence, wants and notifications
    // join these counts when their issues add demo rows of their own.
    return json_response(200, {{"seeded", true}, {"counts", {{"torrents", seeded->torrents}}}});
  }, opts);
}

}  // namespace helmarr::api::dashboard
