#pragma once
// Request bodies and query parameters from outside: parsed and checked here so
// controllers get typed values or a 400 that names what is wrong.
#include <cstdint>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/json_depth.h"
#include "core/result.h"
#include "http/request.h"

namespace helmarr::api {

// The one entry for JSON request bodies: the body as a JSON object, else 400
// "request body: not valid JSON", "request body: JSON nesting deeper than 64
// levels" (checked before parsing) or "request body must be a JSON object".
Result<nlohmann::json> json_object_body(const http::Request& req);
// An integer query parameter within [min, max]; `fallback` when absent.
Result<std::int64_t> int_query(const http::Request& req, std::string_view name, std::int64_t fallback,
                               std::int64_t min, std::int64_t max);
http::Response json_response(int status, const nlohmann::json& body);

}  // namespace helmarr::api
