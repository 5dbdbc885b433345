#pragma once
// The one outbound HTTP engine: libcurl's multi interface driven by a single
// thread for every request of every upstream (never a thread per request).
// Other threads add and cancel requests through a queue and
// curl_multi_wakeup; completions resume the awaiting coroutine on its own
// executor.
//
//   net::CurlEngine engine;                       // one per process
//   auto sonarr = engine.client({.upstream = "sonarr", .observer = &metrics_observer});
//   auto r = co_await sonarr->fetch(net::HttpRequest::get(url));
//
// Each client has its own cookie jar (qBittorrent's SID stays with the
// client that logged in). The proxy variables of the environment (http_proxy,
// https_proxy, no_proxy, ...) are honoured as libcurl reads them.
#include <cstddef>
#include <memory>
#include <string>

#include "net/http_client.h"

namespace helmarr::net {

struct ClientOptions {
  std::string upstream = "upstream";  // metrics label and message prefix ("sonarr")
  FetchObserver* observer = nullptr;  // optional; must outlive the engine
  std::string user_agent = "helmarr";
};

class CurlEngine {
 public:
  CurlEngine();  // starts the thread; throws std::runtime_error if curl cannot start
  // Every request still in flight ends with the kind "cancelled". Never
  // destroy the engine from a continuation that runs on its thread.
  ~CurlEngine();
  CurlEngine(const CurlEngine&) = delete;
  CurlEngine& operator=(const CurlEngine&) = delete;

  // A client with its own cookie jar. The engine must outlive it.
  std::unique_ptr<HttpClient> client(ClientOptions options);

  // Requests submitted and not yet finished.
  std::size_t in_flight() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace helmarr::net
