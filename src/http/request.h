#pragma once
// Engine-free request and response: controllers never see Beast.
#include <chrono>
#include <cstdint>
#include <memory>
#include <stop_token>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/body_reader.h"
#include "http/route_policy.h"

namespace helmarr::http {

class WebSocketSession;
struct Route;

enum class Method { get, head, post, put, patch, del, options, other };
const char* method_name(Method m);
Method parse_method(std::string_view name);

// Small ordered list with case-insensitive lookup: requests carry a dozen headers.
class Headers {
 public:
  void add(std::string name, std::string value) { items_.emplace_back(std::move(name), std::move(value)); }
  void set(std::string_view name, std::string value);
  std::optional<std::string_view> get(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

struct Identity {
  std::string id;       // "key_1a2b3c4d": stable, derived from the key's hash, never the key
  std::string method;   // "api_key"
  std::string display;  // "operator"
};

struct Request {
  Method method = Method::get;
  std::string target;  // as received: path and query
  std::string path;    // percent-decoded path, no query
  std::vector<std::pair<std::string, std::string>> query;   // decoded, in order
  std::vector<std::pair<std::string, std::string>> params;  // from the route pattern
  Headers headers;
  std::string body;  // buffered routes; empty on a streamed one
  // Streamed routes (RoutePolicy::body == BodyMode::streamed): the body as it
  // arrives; null on buffered routes.
  std::shared_ptr<BodyReader> body_stream;
  std::string remote_address;
  std::string request_id;
  std::optional<Identity> identity;  // set by the auth middleware
  bool websocket_upgrade = false;     // the client asked to upgrade (Upgrade: websocket)

  // Set when the request is admitted (headers in, body not yet read).
  const Route* route = nullptr;        // null: no route matched
  std::string label = "unmatched";     // the route pattern, for metrics
  ErrorDialect dialect = ErrorDialect::dashboard;  // of the route, or of the surface for unknown paths
  Headers response_headers;            // added to whatever the answer is (X-RateLimit-*)
  std::chrono::steady_clock::time_point started{};
  // Triggered at the deadline, or when the client goes away: pending
  // outbound calls and pool jobs of this request stop.
  std::stop_source cancel;

  std::optional<std::string_view> query_param(std::string_view name) const;
  std::string_view param(std::string_view name) const;  // path parameter; empty when absent
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  Headers headers;
  std::string body;
  // Set by a handler that accepts a WebSocket upgrade; the server completes the
  // handshake and drives this session. On a plain (non-upgrade) request the
  // server answers 426 instead.
  std::shared_ptr<WebSocketSession> upgrade;

  static Response json(int status, std::string body);
  static Response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  static Response empty(int status);
};

// Splits "/a/b?x=1&y=%20" into decoded path and query pairs. Returns false on
// malformed percent-encoding.
bool parse_target(std::string_view target, std::string& path,
                  std::vector<std::pair<std::string, std::string>>& query);
bool percent_decode(std::string_view in, std::string& out, bool plus_is_space);

}  // namespace helmarr::http
