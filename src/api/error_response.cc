#include "api/error_response.h"

#include <string>

#include "api/xml_text.h"

namespace helmarr::api {

namespace {

// Newznab error codes (Torznab spec): 100 bad key, 200 missing parameter,
// 201 bad parameter, 202 no such function, 300 no such item, 500 request
// limit, 900 unknown. An error may name its own code with details
// {"newznab_code": N} (an unknown t= is 202 but a plain 400); a required
// parameter that is absent carries {"missing": "<name>"}.
int newznab_code(const Error& error) {
  const auto& d = error.details;
  if (d.is_object() && d.contains("newznab_code") && d["newznab_code"].is_number_integer())
    return d["newznab_code"].get<int>();
  const bool missing = d.is_object() && d.contains("missing");
  switch (error.code) {
    case ErrorCode::unauthorized:
    case ErrorCode::forbidden: return missing ? 200 : 100;
    case ErrorCode::invalid_request: return missing ? 200 : 201;
    case ErrorCode::not_found: return 300;
    case ErrorCode::method_not_allowed:
    case ErrorCode::not_implemented: return 202;
    case ErrorCode::rate_limited: return 500;
    default: return 900;
  }
}

// The *arr clients compare two descriptions literally (TorznabRssParser):
// "Missing parameter" on a URL without apikey= becomes "Indexer requires an
// API key", and "Request limit reached" backs the indexer off. In any other
// words both would be a generic error, so those two keep the spec's text.
std::string newznab_description(const Error& error) {
  if (error.code == ErrorCode::rate_limited) return "Request limit reached";
  const auto& d = error.details;
  if (error.code == ErrorCode::unauthorized && d.is_object() && d.contains("missing")) return "Missing parameter";
  return error.message;
}

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace

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
    case ErrorCode::not_implemented: return 501;
    case ErrorCode::unavailable: return 503;
    case ErrorCode::timeout: return 504;
  }
  return 500;
}

http::Response error_response(const Error& error, http::ErrorDialect dialect) {
  http::Response r;
  r.status = http_status(error.code);
  nlohmann::json details = error.details.is_object() ? error.details : nlohmann::json::object();
  std::optional<long long> retry_after;
  if ((error.code == ErrorCode::rate_limited || error.code == ErrorCode::unavailable) &&
      details.contains("retry_after") && details["retry_after"].is_number_integer()) {
    retry_after = details["retry_after"].get<long long>();
    r.headers.set("Retry-After", std::to_string(*retry_after));
    details.erase("retry_after");
  }
  const char* code = error_code_name(error.code);
  switch (dialect) {
    case http::ErrorDialect::autoarr:
    case http::ErrorDialect::dashboard: {
      nlohmann::json body = {{"error", code}, {"message", error.message}};
      if (retry_after) body["retry_after"] = *retry_after;
      if (dialect == http::ErrorDialect::autoarr) body["details"] = std::move(details);
      r.body = dump(body);
      break;
    }
    case http::ErrorDialect::graphql: {
      nlohmann::json ext = {{"code", code}};
      if (retry_after) ext["retry_after"] = *retry_after;
      r.body = dump({{"errors", nlohmann::json::array({{{"message", error.message}, {"extensions", ext}}})},
                     {"data", nullptr}});
      break;
    }
    case http::ErrorDialect::newznab:
      r.content_type = "application/xml; charset=utf-8";
      r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<error code=\"" + std::to_string(newznab_code(error)) +
               "\" description=\"" + xml_escape(newznab_description(error)) + "\"/>\n";
      break;
  }
  return r;
}

}  // namespace helmarr::api
