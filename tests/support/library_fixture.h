#pragma once
// The real library on an in-memory SQLite database (Helmarr's schema and the
// library module's), with the built-in classifier and a manual clock; and a
// way to call a mounted route the way the pipeline would, errors written in
// the route's dialect. For the tests of the fronts above the library.
#include <memory>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "support/memory_store.h"

#include "api/error_response.h"
#include "core/clock.h"
#include "http/request.h"
#include "http/router.h"
#include "library/library_service.h"
#include "media/classifier.h"

namespace helmarr::testing {

struct MemoryLibrary {
  MemoryLibrary() {
    auto migrated = store::migrate_module(*db, "library", library::library_migrations(db->dialect()), clock);
    if (!migrated) throw std::runtime_error("migrate library: " + migrated.error().message);
    library = library::make_library(*db, classifier, clock);
  }
  ManualClock clock;
  media::Classifier classifier{media::builtin_classifier_rules()};
  std::unique_ptr<store::Database> db = migrated_memory_db();
  std::unique_ptr<library::Library> library;
};

struct CallResult {
  int status = 0;
  nlohmann::json body;  // null when the body is not JSON
  std::string text;
};

// Routes `target` ("/api/torrents?limit=5") on `router` and runs its handler
// on this thread; an Error becomes the response the pipeline would send.
inline CallResult call_route(const http::Router& router, http::Method method, const std::string& target) {
  http::Request req;
  req.method = method;
  req.target = target;
  if (!http::parse_target(target, req.path, req.query)) throw std::invalid_argument("bad target " + target);
  auto match = router.match(method, req.path);
  if (!match.route || !match.route->handler) throw std::invalid_argument("no route for " + target);
  req.params = match.params;
  auto r = match.route->handler(req);
  http::Response resp = r ? std::move(*r) : api::error_response(r.error(), match.route->policy.dialect);
  CallResult out{resp.status, nlohmann::json::parse(resp.body, nullptr, false), resp.body};
  if (out.body.is_discarded()) out.body = nullptr;
  return out;
}

}  // namespace helmarr::testing
