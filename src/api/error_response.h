#pragma once
// Typed errors → HTTP, in exactly one place. Two dialects, both from the seeds:
//  - AutoArr (/api/v1/..., /health...): {"error": code, "message", "details"}
//  - dashboard (everything else):       {"error": code, "message"}
// A 429 carries "retry_after" (seconds) at the top level in both, and a
// Retry-After header.
#include <string_view>

#include "core/result.h"
#include "http/request.h"

namespace helmarr::api {

enum class Dialect { autoarr, dashboard };

Dialect dialect_for_path(std::string_view path);
int http_status(ErrorCode code);
http::Response error_response(const Error& error, Dialect dialect);
inline http::Response error_response(const Error& error, std::string_view path) {
  return error_response(error, dialect_for_path(path));
}

}  // namespace helmarr::api
