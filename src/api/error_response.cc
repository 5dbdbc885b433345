#include "api/error_response.h"

#include <string>

namespace helmarr::api {

static bool starts_with_segment(std::string_view path, std::string_view prefix) {
  return path.substr(0, prefix.size()) == prefix &&
         (path.size() == prefix.size() || path[prefix.size()] == '/');
}

Dialect dialect_for_path(std::string_view path) {
  if (starts_with_segment(path, "/api/v1") || starts_with_segment(path, "/health")) return Dialect::autoarr;
  return Dialect::dashboard;
}

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_request: return 400;
    case ErrorCode::unauthorized: return 401;
    case ErrorCode::forbidden: return 403;
    case ErrorCode::not_found: return 404;
    case ErrorCode::method_not_allowed: return 405;
    case ErrorCode::conflict: return 409;
    case ErrorCode::payload_too_large: return 413;
    case ErrorCode::rate_limited: return 429;
    case ErrorCode::internal: return 500;
    case ErrorCode::unavailable: return 503;
  }
  return 500;
}

http::Response error_response(const Error& error, Dialect dialect) {
  nlohmann::json body = {{"error", error_code_name(error.code)}, {"message", error.message}};
  nlohmann::json details = error.details.is_object() ? error.details : nlohmann::json::object();
  http::Response r;
  if (error.code == ErrorCode::rate_limited && details.contains("retry_after")) {
    body["retry_after"] = details["retry_after"];
    r.headers.set("Retry-After", std::to_string(details["retry_after"].get<long long>()));
    details.erase("retry_after");
  }
  if (dialect == Dialect::autoarr) body["details"] = std::move(details);
  r.status = http_status(error.code);
  // Internal errors never echo internals to the client; the log has them.
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

}  // namespace helmarr::api
