#pragma once
// What every route declares about itself, as typed values checked when the
// routes are mounted: who may call it, how its errors are written, which
// rate-limit bucket it draws from and where its handler runs. Nothing is
// decided from the URL's prefix.
#include <chrono>
#include <cstdint>
#include <string>

namespace helmarr::http {

enum class Access {
  api_key,  // the default: every route needs the key
  open,     // answers without one (/healthz, /health)
};

enum class ErrorDialect {
  autoarr,    // {"error", "message", "details"}: /api/v1 and /health (AutoArr seed)
  dashboard,  // {"error", "message"}: the BitAgent dashboard API
  newznab,    // <error code="" description=""/>: Torznab
  graphql,    // {"errors": [{"message", "extensions": {"code"}}]}
};
const char* dialect_name(ErrorDialect d);

enum class Execution {
  inline_run,  // quick and in memory: runs on the server thread
  blocking,    // touches the database or files: runs on the worker pool
};

enum class BodyMode {
  buffered,  // the default: the whole body (up to max_body_bytes) is in Request::body
  streamed,  // read by the handler through Request::body_stream; async handlers only
};

struct RoutePolicy {
  Access access = Access::api_key;
  ErrorDialect dialect = ErrorDialect::dashboard;
  // A category the rate limiter knows ("general", "health", ...), checked at
  // mount time; "" means never limited (liveness probes only).
  std::string rate_category = "general";
  Execution execution = Execution::inline_run;
  // Deadline for this route; zero means the server's request deadline.
  std::chrono::milliseconds deadline{0};
  BodyMode body = BodyMode::buffered;
  // Streamed bodies only (buffered ones have the server's max_body_bytes): a
  // longer body is refused with 413, before it is read when its
  // Content-Length says so, else when the reader reaches the limit.
  std::uint64_t max_stream_bytes = std::uint64_t{16} << 30;  // 16 GiB
};

// Where unknown paths under a prefix get their dialect and rate category
// ("/api/v1" → AutoArr errors). Declared by the API surfaces, not guessed.
struct Surface {
  std::string prefix;  // normalised: "/api/v1"
  RoutePolicy policy;
};

}  // namespace helmarr::http
