#pragma once
// The request pipeline every HTTP request goes through, in this order:
// request id → route match (404/405) → API key (401/429 when banned) →
// rate limit (429, X-RateLimit-* headers) → controller → error mapping →
// metrics and one access-log line.
#include <atomic>
#include <string>

#include "core/clock.h"
#include "http/request.h"
#include "http/router.h"
#include "system/auth.h"
#include "system/metrics.h"
#include "system/rate_limiter.h"

namespace helmarr::api {

class Pipeline {
 public:
  Pipeline(const http::Router& router, system::Authenticator& auth, system::RateLimiter& limiter,
           system::Metrics& metrics, const Clock& clock);

  http::Response handle(http::Request& req);
  // For errors the server finds before the pipeline (oversized body, ...).
  http::Response server_error(const http::Request& req, const Error& error);

 private:
  http::Response dispatch(http::Request& req, std::string& route_label);
  void finish(const http::Request& req, http::Response& res, const std::string& route_label,
              std::chrono::steady_clock::time_point started);
  std::string next_request_id();

  const http::Router& router_;
  system::Authenticator& auth_;
  system::RateLimiter& limiter_;
  system::Metrics& metrics_;
  const Clock& clock_;
  std::string id_prefix_;
  std::atomic<std::uint64_t> id_counter_{0};
};

// The key a request presents: X-API-Key, then Authorization: Bearer, then ?apikey=.
std::string_view presented_api_key(const http::Request& req);
// The request target for logs, with secret query values (apikey, token, ...) redacted.
std::string redacted_target(const http::Request& req);

}  // namespace helmarr::api
