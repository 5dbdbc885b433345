#pragma once
// The HTTP/1.1 + WebSocket server. The only interface to Boost.Beast: the
// implementation (server.cc) is the one translation unit that includes it.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "core/task.h"
#include "http/request.h"

namespace helmarr::http {

struct ServerOptions {
  std::string bind = "0.0.0.0";
  std::uint16_t port = 8000;  // 0 = ephemeral (tests)
  int threads = 2;
  std::size_t max_header_bytes = 16 * 1024;
  // Read per request so a settings change applies on the next request.
  std::function<std::size_t()> max_body_bytes = [] { return std::size_t{1024 * 1024}; };
  std::chrono::seconds idle_timeout{60};      // keep-alive connection with no request
  std::chrono::seconds request_timeout{30};   // reading one request, headers and body
  std::chrono::seconds shutdown_grace{10};    // in-flight requests get this long on SIGTERM
  std::size_t ws_max_message_bytes = 64 * 1024;
  std::size_t ws_max_queue_bytes = 4 * 1024 * 1024;         // per WebSocket client
  std::size_t ws_max_total_queue_bytes = 64 * 1024 * 1024;  // all clients together
  // Connections over this many are closed as soon as they are accepted.
  std::function<std::size_t()> max_connections = [] { return std::size_t{1024}; };
  // Request bodies buffered at once, all connections together. A body that
  // does not fit is refused with 503 and Retry-After before it is read.
  std::size_t max_buffered_body_bytes = 64 * 1024 * 1024;
};

// Request-body memory, as the server accounts for it.
struct BodyMemory {
  std::size_t buffered_bytes = 0;  // reserved against max_buffered_body_bytes now
  // Streamed bodies (BodyMode::streamed) being read now: each holds one
  // chunk buffer and its connection's read buffer, whatever its size.
  std::size_t streamed_bytes = 0;
  std::size_t streamed_peak = 0;   // the most streamed_bytes has been since start
  std::size_t streams_open = 0;
};

// The application, in the two steps of a request:
//  admit:   headers are in, the body is not read. A response refuses the
//           request (401, 404, 429, ...) and the body is never buffered.
//  respond: the body is in. A task: the handler may wait on outbound calls,
//           timers or the worker pool; no server thread is held meanwhile.
//           For a route whose policy streams its body (admit set req.route
//           to it), respond starts at once and reads req.body_stream; an
//           over-limit Content-Length is refused with 413 before that.
//  error:   failures the server detects itself (oversized headers or body,
//           malformed request, server busy), answered in the route's dialect.
struct ServerHandlers {
  std::function<std::optional<Response>(Request&)> admit;
  std::function<Task<Response>(std::shared_ptr<Request>)> respond;
  std::function<Response(Request&, const Error&, int status)> error;
};

// A synchronous application, for tests: admits everything and answers at once.
using Pipeline = std::function<Response(Request&)>;
using ErrorResponder = std::function<Response(const Request&, const Error&)>;

class Server {
 public:
  Server(ServerOptions options, ServerHandlers handlers);
  Server(ServerOptions options, Pipeline pipeline, ErrorResponder error_responder);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; returns the bound port (the real one when port was 0).
  Result<std::uint16_t> listen();
  // Serves until stop() or SIGINT/SIGTERM, then stops accepting, lets in-flight
  // requests finish (up to shutdown_grace), closes idle keep-alive and
  // WebSocket connections (1001 going away) and returns.
  void run();
  // Thread-safe; makes run() return after the graceful shutdown above.
  void stop();
  std::size_t websocket_clients() const;
  std::size_t connections() const;
  std::uint64_t refused_connections() const;  // over max_connections
  BodyMemory body_memory() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace helmarr::http
