#pragma once
// Calls a mounted route the way the pipeline would, on this thread: the
// target's path and query are parsed, the route matched, and an Error from
// the handler written in the route's dialect. For controller tests.
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "api/error_response.h"
#include "http/request.h"
#include "http/router.h"

namespace helmarr::testing {

struct CallResult {
  int status = 0;
  nlohmann::json body;  // null when the body is not JSON
  std::string text;
};

// `target` as a client sends it: "/api/torrents?limit=5".
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
