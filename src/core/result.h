#pragma once
// Result<T>: the one error channel across modules. Exceptions are only for
// programming errors and startup failures; everything from outside comes back
// as an Error whose code maps to an HTTP status in exactly one place
// (src/api/error_response.cc).
#include <string>
#include <utility>

#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

namespace helmarr {

enum class ErrorCode {
  invalid_request,     // 400: the caller sent something wrong
  unauthorized,        // 401
  forbidden,           // 403
  not_found,           // 404
  method_not_allowed,  // 405
  conflict,            // 409
  payload_too_large,   // 413
  rate_limited,        // 429
  internal,            // 500
  not_implemented,     // 501: e.g. a transfer coding other than chunked
  unavailable,         // 503: an upstream or the store is down, or the server is busy
  timeout,             // 504: the request's deadline passed
};

struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;
  nlohmann::json details = nlohmann::json::object();
};

template <class T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> fail(ErrorCode code, std::string message,
                                  nlohmann::json details = nlohmann::json::object()) {
  return tl::unexpected<Error>(Error{code, std::move(message), std::move(details)});
}

// The wire name of a code, as the AutoArr seed spells it.
const char* error_code_name(ErrorCode code);

}  // namespace helmarr
