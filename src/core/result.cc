#include "core/result.h"

namespace helmarr {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_request: return "invalid_request";
    case ErrorCode::unauthorized: return "unauthorized";
    case ErrorCode::forbidden: return "forbidden";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::method_not_allowed: return "method_not_allowed";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::payload_too_large: return "payload_too_large";
    case ErrorCode::rate_limited: return "rate_limit_exceeded";
    case ErrorCode::internal: return "internal_error";
    case ErrorCode::not_implemented: return "not_implemented";
    case ErrorCode::unavailable: return "service_unavailable";
    case ErrorCode::timeout: return "timeout";
  }
  return "internal_error";
}

}  // namespace helmarr
