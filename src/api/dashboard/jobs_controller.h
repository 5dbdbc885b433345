#pragma once
// Background jobs (dashboard dialect, API key):
//   GET  /api/jobs              {"jobs":[{name, description, interval_ms, next_run, last_outcome, ...}]}
//   POST /api/jobs/{name}/run   202 {"started":true}; 409 already running, 404 unknown job
#include "http/router.h"
#include "system/scheduler.h"

namespace helmarr::api::dashboard {

class JobsController {
 public:
  explicit JobsController(system::Scheduler& scheduler) : scheduler_(scheduler) {}
  void register_routes(http::Router& router);

 private:
  system::Scheduler& scheduler_;
};

}  // namespace helmarr::api::dashboard
