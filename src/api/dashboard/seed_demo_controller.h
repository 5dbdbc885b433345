#pragma once
// POST /api/seed-demo (dashboard seed; API key, worker pool): writes the demo
// library (library/demo_seed.h), idempotent, and answers
//   {"seeded": true, "counts": {"torrents": N}}
// with what the demo holds (not what this call added).
#include "http/router.h"
#include "library/library.h"

namespace helmarr::api::dashboard {

class SeedDemoController {
 public:
  explicit SeedDemoController(library::Library& library) : library_(library) {}
  void register_routes(http::Router& router);

 private:
  library::Library& library_;
};

}  // namespace helmarr::api::dashboard
