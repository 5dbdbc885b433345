#pragma once
// The request pipeline every HTTP request goes through, in two steps.
//  admit(), when the headers are in and before the body is read: request id →
//    route match and policy → API key (401/429 when banned) → rate limit (429,
//    X-RateLimit-*) → 404/405. A refusal is answered without reading the body.
//  respond(), once the body is in: the handler (inline, async, or on the
//    worker pool as its policy says) under the request deadline (504) →
//    error mapping in the route's dialect → metrics and one access-log line.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/task.h"
#include "core/timer_service.h"
#include "core/worker_pool.h"
#include "http/request.h"
#include "http/router.h"
#include "system/auth.h"
#include "system/metrics.h"
#include "system/rate_limiter.h"

namespace helmarr::api {

struct PipelineOptions {
  // Read per request so a settings change applies to the next one.
  std::function<std::chrono::milliseconds()> deadline = [] { return std::chrono::milliseconds(30000); };
};

class Pipeline {
 public:
  Pipeline(const http::Router& router, system::Authenticator& auth, system::RateLimiter& limiter,
           system::Metrics& metrics, const Clock& clock, WorkerPool& pool, TimerService& timers,
           PipelineOptions options = {});

  std::optional<http::Response> admit(http::Request& req);
  Task<http::Response> respond(std::shared_ptr<http::Request> req);
  // admit() then respond(): for a request whose body is already in.
  Task<http::Response> handle(std::shared_ptr<http::Request> req);
  // Errors the server finds itself (oversized headers or body, malformed
  // request, server busy): answered, counted and logged like any other.
  http::Response server_error(http::Request& req, const Error& error, int status);

  // Startup check: every route's and surface's rate category exists.
  Result<void> check_routes() const;
  std::size_t in_flight() const { return in_flight_.load(std::memory_order_relaxed); }

 private:
  Task<Result<http::Response>> run_handler(std::shared_ptr<http::Request> req);
  Task<Result<http::Response>> invoke(const http::Route& route, std::shared_ptr<http::Request> req);
  http::Response to_response(const http::Request& req, Result<http::Response> result);
  void finish(http::Request& req, http::Response& res);
  void assign_request_id(http::Request& req);
  std::string next_request_id();

  const http::Router& router_;
  system::Authenticator& auth_;
  system::RateLimiter& limiter_;
  system::Metrics& metrics_;
  const Clock& clock_;
  WorkerPool& pool_;
  TimerService& timers_;
  PipelineOptions options_;
  std::string id_prefix_;
  std::atomic<std::uint64_t> id_counter_{0};
  std::atomic<std::size_t> in_flight_{0};
};

// The key a request presents: X-API-Key, then Authorization: Bearer, then ?apikey=.
std::string_view presented_api_key(const http::Request& req);
// The request target for logs, with secret query values (apikey, token, ...) redacted.
std::string redacted_target(const http::Request& req);

}  // namespace helmarr::api
