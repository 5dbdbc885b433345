#pragma once
// POST /import (bitmagnet's path) and POST /api/import: NDJSON in the shape
// of bitmagnet's /import, read as a streamed body chunk by chunk, so an
// import of any size holds one chunk and one batch in memory. Answers
// {"imported", "updated", "rejected", "rejections": [{"line", "reason"}]}.
#include <atomic>

#include "core/event_bus.h"
#include "core/worker_pool.h"
#include "http/router.h"
#include "library/library.h"

namespace helmarr::api::dashboard {

class ImportController {
 public:
  // Imports running at once; more are answered 503 with Retry-After.
  static constexpr int kMaxConcurrent = 2;

  ImportController(library::Library& library, WorkerPool& pool, EventBus& bus)
      : library_(library), pool_(pool), bus_(bus) {}
  void register_routes(http::Router& router);

 private:
  Task<Result<http::Response>> import(http::Request& req);

  library::Library& library_;
  WorkerPool& pool_;
  EventBus& bus_;
  std::atomic<int> running_{0};
};

}  // namespace helmarr::api::dashboard
