#include "api/pipeline.h"

#include <strings.h>

#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "api/error_response.h"
#include "core/crypto.h"
#include "core/ids.h"
#include "core/log.h"

namespace helmarr::api {

namespace {

constexpr const char* kGeneralCategory = "general";

bool is_secret_param(std::string_view name) {
  return name == "apikey" || name == "api_key" || name == "token" || name == "password" || name == "key";
}

// Rate limits apply under /api and /health (not /healthz, the liveness probe).
bool rate_limited_path(std::string_view path) {
  auto under = [&](std::string_view p) {
    return path.substr(0, p.size()) == p && (path.size() == p.size() || path[p.size()] == '/');
  };
  return under("/api") || under("/health");
}

}  // namespace

std::string_view presented_api_key(const http::Request& req) {
  if (auto k = req.headers.get("X-API-Key"); k && !k->empty()) return *k;
  if (auto a = req.headers.get("Authorization")) {
    constexpr std::string_view bearer = "Bearer ";
    if (a->size() > bearer.size() && strncasecmp(a->data(), bearer.data(), bearer.size()) == 0)
      return a->substr(bearer.size());
  }
  if (auto q = req.query_param("apikey")) return *q;
  return {};
}

std::string redacted_target(const http::Request& req) {
  std::string out = req.path;
  char sep = '?';
  for (const auto& [k, v] : req.query) {
    out += sep;
    sep = '&';
    out += k;
    out += '=';
    out += is_secret_param(k) ? "REDACTED" : v;
  }
  return out;
}

Pipeline::Pipeline(const http::Router& router, system::Authenticator& auth, system::RateLimiter& limiter,
                   system::Metrics& metrics, const Clock& clock)
    : router_(router), auth_(auth), limiter_(limiter), metrics_(metrics), clock_(clock),
      id_prefix_(random_hex(4)) {}

// Unique without a syscall per request: a random per-process prefix and a counter.
std::string Pipeline::next_request_id() {
  return fmt::format("req_{}{:08x}", id_prefix_, id_counter_.fetch_add(1, std::memory_order_relaxed));
}

http::Response Pipeline::handle(http::Request& req) {
  const auto started = clock_.now();
  auto client_id = req.headers.get("X-Request-Id");
  req.request_id = client_id && is_safe_id(*client_id) ? std::string(*client_id) : next_request_id();
  std::string route_label = "unmatched";
  http::Response res = dispatch(req, route_label);
  finish(req, res, route_label, started);
  return res;
}

http::Response Pipeline::dispatch(http::Request& req, std::string& route_label) {
  auto match = router_.match(req.method, req.path);
  const http::Route* route = match.route;
  if (route) {
    route_label = route->pattern;
    req.params = std::move(match.params);
  }

  // Authenticate first, so the rate limiter can count per key; answer later.
  std::optional<http::Response> refusal;
  if (route && !route->options.is_public) {
    auto result = auth_.check(req.remote_address, presented_api_key(req));
    switch (result.outcome) {
      case system::AuthOutcome::ok:
        req.identity = http::Identity{result.key_id, "api_key", "operator"};
        break;
      case system::AuthOutcome::banned:
        refusal = error_response(
            Error{ErrorCode::rate_limited,
                  fmt::format("too many failed API key attempts from this address; try again in {} seconds",
                              result.retry_after),
                  {{"retry_after", result.retry_after}}},
            req.path);
        break;
      case system::AuthOutcome::missing:
        refusal = error_response(Error{ErrorCode::unauthorized,
                                       "an API key is required: send it as X-API-Key, Authorization: Bearer, or "
                                       "the apikey query parameter"},
                                 req.path);
        break;
      case system::AuthOutcome::wrong:
        refusal = error_response(Error{ErrorCode::unauthorized, "the API key is not valid"}, req.path);
        break;
    }
  }

  // Every response under /api and /health counts and carries the headers,
  // refusals and unknown paths included (they count as "general"), so a
  // flood of bad requests is limited like any other.
  std::optional<system::RateDecision> decision;
  if (rate_limited_path(req.path)) {
    const std::string& category =
        route && !route->options.rate_category.empty() ? route->options.rate_category : kGeneralCategory;
    decision = limiter_.take(req.identity ? req.identity->id : req.remote_address, category);
  }

  http::Response res;
  if (!route) {
    if (!match.allow.empty()) {
      res = error_response(
          Error{ErrorCode::method_not_allowed,
                fmt::format("{} is not allowed on {}; allowed: {}", http::method_name(req.method), req.path,
                            match.allow)},
          req.path);
      res.headers.set("Allow", match.allow);
    } else {
      res = error_response(
          Error{ErrorCode::not_found, fmt::format("no route for {} {}", http::method_name(req.method), req.path)},
          req.path);
    }
  } else if (refusal) {
    res = std::move(*refusal);
  } else if (decision && !decision->allowed) {
    res = error_response(Error{ErrorCode::rate_limited,
                               fmt::format("Rate limit exceeded. Try again in {} seconds.", decision->retry_after),
                               {{"retry_after", decision->retry_after}}},
                         req.path);
  } else {
    auto result = route->handler(req);
    if (result) {
      res = std::move(*result);
    } else {
      if (result.error().code == ErrorCode::internal)
        log::event(spdlog::level::err, "request failed",
                   {{"request_id", req.request_id}, {"route", route->pattern}, {"error", result.error().message}});
      res = error_response(result.error(), req.path);
    }
  }
  if (decision) {
    res.headers.set("X-RateLimit-Limit", std::to_string(decision->limit));
    res.headers.set("X-RateLimit-Remaining", std::to_string(decision->remaining));
    res.headers.set("X-RateLimit-Reset", std::to_string(decision->reset_epoch));
  }
  return res;
}

http::Response Pipeline::server_error(const http::Request& req, const Error& error) {
  const auto started = clock_.now();
  http::Response res = error_response(error, req.path);
  finish(req, res, "unmatched", started);
  return res;
}

void Pipeline::finish(const http::Request& req, http::Response& res, const std::string& route_label,
                      std::chrono::steady_clock::time_point started) {
  res.headers.set("X-Request-Id", req.request_id.empty() ? next_request_id() : req.request_id);
  const double seconds = std::chrono::duration<double>(clock_.now() - started).count();
  metrics_.observe_request(http::method_name(req.method), route_label, res.status, seconds);
  if (spdlog::default_logger_raw()->should_log(spdlog::level::info)) {
    log::event(spdlog::level::info, "http",
               {{"method", http::method_name(req.method)},
                {"path", redacted_target(req)},
                {"status", res.status},
                {"bytes", res.body.size()},
                {"ms", std::round(seconds * 1e5) / 100.0},
                {"remote", req.remote_address},
                {"request_id", req.request_id}});
  }
}

}  // namespace helmarr::api
