#pragma once
// Typed errors → HTTP, in exactly one place, in the dialect the route
// declared (http::ErrorDialect):
//  - autoarr:   {"error": code, "message", "details"}
//  - dashboard: {"error": code, "message"}
//  - newznab:   <error code="100" description="..."/> (Torznab clients read the code,
//               and two descriptions: "Missing parameter", "Request limit reached")
//  - graphql:   {"errors": [{"message", "extensions": {"code"}}], "data": null}
// A 429 and a 503 carry "retry_after" (seconds) at the top level of the JSON
// dialects, and a Retry-After header in all of them.
#include "core/result.h"
#include "http/request.h"
#include "http/route_policy.h"

namespace helmarr::api {

int http_status(ErrorCode code);
http::Response error_response(const Error& error, http::ErrorDialect dialect);

}  // namespace helmarr::api
