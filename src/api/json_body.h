#pragma once
// Request bodies and query parameters from outside: parsed and checked here so
// controllers get typed values or a 400 that names what is wrong.
#include <cstdint>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "http/request.h"

namespace helmarr::api {

// The body as a JSON object; 400 "request body is not valid JSON: ..." otherwise.
Result<nlohmann::json> json_object_body(const http::Request& req);
// An integer query parameter within [min, max]; `fallback` when absent.
Result<std::int64_t> int_query(const http::Request& req, std::string_view name, std::int64_t fallback,
                               std::int64_t min, std::int64_t max);
http::Response json_response(int status, const nlohmann::json& body);

}  // namespace helmarr::api
