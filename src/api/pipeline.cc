#include "api/pipeline.h"

#include <strings.h>

#include <cctype>
#include <cmath>

#include <fmt/format.h>

#include "api/error_response.h"
#include "core/completion.h"
#include "core/crypto.h"
#include "core/ids.h"
#include "core/log.h"

namespace helmarr::api {

namespace {

bool is_secret_param(std::string_view name) {
  return name == "apikey" || name == "api_key" || name == "token" || name == "password" || name == "key";
}

Result<http::Response> call_sync(const http::Route& route, http::Request& req) {
  try {
    return route.handler(req);
  } catch (const std::exception& e) {
    return fail(ErrorCode::internal, std::string("handler threw: ") + e.what());
  }
}

std::string describe(std::exception_ptr e) {
  try {
    if (e) std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return ex.what();
  } catch (...) {
  }
  return "unknown exception";
}

// Only chunked is a transfer coding the server decodes; anything else
// ("gzip, chunked") would hand the handler bytes it cannot read.
bool unsupported_transfer_coding(const http::Request& req) {
  auto te = req.headers.get("Transfer-Encoding");
  if (!te) return false;
  std::string_view v = *te;
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return !(v.size() == 7 && strncasecmp(v.data(), "chunked", 7) == 0);
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
                   system::Metrics& metrics, const Clock& clock, WorkerPool& pool, TimerService& timers,
                   PipelineOptions options)
    : router_(router), auth_(auth), limiter_(limiter), metrics_(metrics), clock_(clock), pool_(pool),
      timers_(timers), options_(std::move(options)), id_prefix_(random_hex(4)) {}

// Unique without a syscall per request: a random per-process prefix and a counter.
std::string Pipeline::next_request_id() {
  return fmt::format("req_{}{:08x}", id_prefix_, id_counter_.fetch_add(1, std::memory_order_relaxed));
}

void Pipeline::assign_request_id(http::Request& req) {
  if (!req.request_id.empty()) return;
  auto client_id = req.headers.get("X-Request-Id");
  req.request_id = client_id && is_safe_id(*client_id) ? std::string(*client_id) : next_request_id();
}

Result<void> Pipeline::check_routes() const {
  auto check = [&](const http::RoutePolicy& p, const std::string& what) -> Result<void> {
    if (!p.rate_category.empty() && !limiter_.has(p.rate_category))
      return fail(ErrorCode::internal, fmt::format("{}: rate-limit category '{}' does not exist", what, p.rate_category));
    return {};
  };
  for (const auto& r : router_.routes()) {
    if (!r->handler && !r->async_handler)
      return fail(ErrorCode::internal, fmt::format("route {} {} has no handler", http::method_name(r->method), r->pattern));
    if (auto ok = check(r->policy, fmt::format("route {} {}", http::method_name(r->method), r->pattern)); !ok) return ok;
  }
  for (const auto& s : router_.surfaces())
    if (auto ok = check(s.policy, "surface " + s.prefix); !ok) return ok;
  return check(router_.fallback_policy(""), "default surface");
}

std::optional<http::Response> Pipeline::admit(http::Request& req) {
  req.started = clock_.now();
  assign_request_id(req);
  auto match = router_.match(req.method, req.path);
  const http::Route* route = match.route;
  const http::RoutePolicy& policy = route ? route->policy : router_.fallback_policy(http::normalise_path(req.path));
  req.dialect = policy.dialect;
  if (route) {
    req.route = route;
    req.label = route->pattern;
    req.params = std::move(match.params);
  }

  // Authenticate first, so the rate limiter counts per key; answer later. A
  // key presented to an unknown path is checked too: a wrong one counts
  // towards the lockout wherever it is sent.
  const std::string_view key = presented_api_key(req);
  std::optional<Error> refusal;
  if ((route && policy.access == http::Access::api_key) || (!route && !key.empty())) {
    auto result = auth_.check(req.remote_address, key);
    switch (result.outcome) {
      case system::AuthOutcome::ok:
        req.identity = http::Identity{result.key_id, "api_key", "operator"};
        break;
      case system::AuthOutcome::banned:
        refusal = Error{ErrorCode::rate_limited,
                        fmt::format("too many failed API key attempts from this address; try again in {} seconds",
                                    result.retry_after),
                        {{"retry_after", result.retry_after}}};
        break;
      case system::AuthOutcome::missing:
        refusal = Error{ErrorCode::unauthorized,
                        "an API key is required: send it as X-API-Key, Authorization: Bearer, or the apikey query "
                        "parameter",
                        {{"missing", "apikey"}}};
        break;
      case system::AuthOutcome::wrong:
        refusal = Error{ErrorCode::unauthorized, "the API key is not valid"};
        break;
    }
  }

  // Every request counts against its category's bucket, keyed by the key or,
  // without a valid one, by the address: refusals and unknown paths too, so a
  // flood without a key ends in 429 like any other.
  // A route that is never limited (probes, scrapes) still is for callers
  // without a valid key.
  std::optional<system::RateDecision> decision;
  const std::string& category =
      policy.rate_category.empty() && (refusal || !route) ? router_.fallback_policy("").rate_category
                                                          : policy.rate_category;
  if (!category.empty()) {
    decision = limiter_.take(req.identity ? req.identity->id : "addr:" + req.remote_address, category);
    req.response_headers.set("X-RateLimit-Limit", std::to_string(decision->limit));
    req.response_headers.set("X-RateLimit-Remaining", std::to_string(decision->remaining));
    req.response_headers.set("X-RateLimit-Reset", std::to_string(decision->reset_epoch));
  }

  std::optional<http::Response> res;
  if (refusal && refusal->code == ErrorCode::rate_limited) {
    res = error_response(*refusal, req.dialect);
  } else if (decision && !decision->allowed) {
    res = error_response(Error{ErrorCode::rate_limited,
                               fmt::format("Rate limit exceeded. Try again in {} seconds.", decision->retry_after),
                               {{"retry_after", decision->retry_after}}},
                         req.dialect);
  } else if (!route && !match.allow.empty()) {
    res = error_response(Error{ErrorCode::method_not_allowed,
                               fmt::format("{} is not allowed on {}; allowed: {}", http::method_name(req.method),
                                           req.path, match.allow)},
                         req.dialect);
    res->headers.set("Allow", match.allow);
  } else if (!route) {
    res = error_response(
        Error{ErrorCode::not_found, fmt::format("no route for {} {}", http::method_name(req.method), req.path)},
        req.dialect);
  } else if (refusal) {
    res = error_response(*refusal, req.dialect);
  } else if (unsupported_transfer_coding(req)) {
    res = error_response(Error{ErrorCode::not_implemented,
                               "Transfer-Encoding other than 'chunked' is not supported; send the body unencoded"},
                         req.dialect);
  }
  if (res) finish(req, *res);
  return res;
}

Task<http::Response> Pipeline::handle(std::shared_ptr<http::Request> req) {
  if (auto refused = admit(*req)) co_return std::move(*refused);
  co_return co_await respond(std::move(req));
}

Task<http::Response> Pipeline::respond(std::shared_ptr<http::Request> req) {
  in_flight_.fetch_add(1, std::memory_order_relaxed);
  Result<http::Response> result = co_await run_handler(req);
  in_flight_.fetch_sub(1, std::memory_order_relaxed);
  http::Response res = to_response(*req, std::move(result));
  finish(*req, res);
  co_return res;
}

Task<Result<http::Response>> Pipeline::invoke(const http::Route& route, std::shared_ptr<http::Request> req) {
  if (route.async_handler) co_return co_await route.async_handler(*req);
  auto job = [&route, req] { return call_sync(route, *req); };  // named: see core/task.h
  co_return co_await pool_.run(std::move(job), req->cancel.get_token());
}

// Inline handlers answer at once. The others race the deadline: whichever
// completes first answers; a handler that loses keeps the request alive
// until it ends, its result is dropped, and its pending work is told to stop.
Task<Result<http::Response>> Pipeline::run_handler(std::shared_ptr<http::Request> req) {
  const http::Route& route = *req->route;
  if (route.handler && route.policy.execution == http::Execution::inline_run) co_return call_sync(route, *req);

  const auto deadline = route.policy.deadline.count() > 0 ? route.policy.deadline : options_.deadline();
  auto outcome = std::make_shared<Completion<Result<http::Response>>>();
  Executor* ex = co_await current_executor();
  invoke(route, req).start(ex, [outcome, req](std::optional<Result<http::Response>> v, std::exception_ptr e) {
    if (v) {
      outcome->complete(std::move(*v));
    } else {
      outcome->complete(fail(ErrorCode::internal, "handler threw: " + describe(e)));
    }
  });
  const TimerId timer = timers_.after(deadline, [outcome, req, deadline] {
    if (outcome->complete(fail(ErrorCode::timeout,
                               fmt::format("the request did not complete within its deadline of {} ms",
                                           deadline.count()))))
      req->cancel.request_stop();
  });
  auto result = co_await outcome->wait();
  timers_.cancel(timer);
  co_return result;
}

http::Response Pipeline::to_response(const http::Request& req, Result<http::Response> result) {
  if (!result) {
    const auto& err = result.error();
    if (err.code == ErrorCode::internal || err.code == ErrorCode::timeout)
      log::event(err.code == ErrorCode::internal ? spdlog::level::err : spdlog::level::warn, "request failed",
                 {{"request_id", req.request_id}, {"route", req.label}, {"error", err.message}});
    return error_response(err, req.dialect);
  }
  http::Response res = std::move(*result);
  if (res.upgrade && !req.websocket_upgrade) {
    res = error_response(Error{ErrorCode::invalid_request,
                               "this route speaks WebSocket: send Connection: Upgrade and Upgrade: websocket"},
                         req.dialect);
    res.status = 426;
    res.headers.set("Upgrade", "websocket");
  }
  return res;
}

http::Response Pipeline::server_error(http::Request& req, const Error& error, int status) {
  req.started = clock_.now();
  assign_request_id(req);
  req.dialect = router_.fallback_policy(http::normalise_path(req.path)).dialect;
  if (auto m = router_.match(req.method, req.path); m.route) {
    req.dialect = m.route->policy.dialect;
    req.label = m.route->pattern;
  }
  http::Response res = error_response(error, req.dialect);
  res.status = status;  // 431 and 400 share a code but not a status
  finish(req, res);
  return res;
}

void Pipeline::finish(http::Request& req, http::Response& res) {
  for (const auto& [name, value] : req.response_headers.items()) res.headers.set(name, value);
  res.headers.set("X-Request-Id", req.request_id);
  const double seconds = std::chrono::duration<double>(clock_.now() - req.started).count();
  metrics_.observe_request(http::method_name(req.method), req.label, res.status, seconds);
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
