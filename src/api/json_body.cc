#include "api/json_body.h"

#include <charconv>
#include <string>

#include <fmt/format.h>

#include "core/json_depth.h"

namespace helmarr::api {

Result<nlohmann::json> json_object_body(const http::Request& req) {
  if (req.body.empty()) return fail(ErrorCode::invalid_request, "request body is empty; a JSON object is required");
  auto parsed = parse_untrusted_json(req.body);
  if (!parsed) return fail(ErrorCode::invalid_request, "request body: " + parsed.error().message);
  if (!parsed->is_object()) return fail(ErrorCode::invalid_request, "request body must be a JSON object");
  return parsed;
}

Result<std::int64_t> int_query(const http::Request& req, std::string_view name, std::int64_t fallback,
                               std::int64_t min, std::int64_t max) {
  auto raw = req.query_param(name);
  if (!raw) return fallback;
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), v);
  if (ec != std::errc() || end != raw->data() + raw->size() || v < min || v > max)
    return fail(ErrorCode::invalid_request,
                fmt::format("query parameter '{}' must be an integer between {} and {}", name, min, max),
                {{"parameter", std::string(name)}});
  return v;
}

http::Response json_response(int status, const nlohmann::json& body) {
  return http::Response::json(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace helmarr::api
