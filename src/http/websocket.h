#pragma once
// WebSocket seen from the application: the server drives a WebSocketSession
// that a route handler returned in Response::upgrade. Beast stays in server.cc.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace helmarr::http {

// The server side of one connection, safe to call from any thread.
class WebSocketSink {
 public:
  virtual ~WebSocketSink() = default;
  // Queues a text message. Returns false when the connection is closed or the
  // client is too slow (its queue passed the limit): the server then closes it
  // with 1008 rather than letting memory grow without bound.
  virtual bool send(std::string text) = 0;
  virtual void close(std::uint16_t code, std::string reason) = 0;
  virtual std::size_t queued_bytes() const = 0;
};

// Application callbacks, called one at a time per connection (never concurrently).
class WebSocketSession {
 public:
  virtual ~WebSocketSession() = default;
  virtual void on_open(std::shared_ptr<WebSocketSink> sink) = 0;
  virtual void on_message(std::string_view text) = 0;
  virtual void on_close() = 0;
};

}  // namespace helmarr::http
