#pragma once
// The mediator between service clients and the network: a service client
// (Sonarr, qBittorrent, ...) holds an HttpClient and never sees curl, so its
// tests run against tests/support/fake_http_client.h with no network and no
// clock.
//
//   Task<Result<Series>> SonarrClient::series(int id) {
//     auto r = co_await http_.fetch(HttpRequest::get(base_ + "/api/v3/series/" + std::to_string(id))
//                                       .header("X-Api-Key", key_));
//     if (!r) co_return tl::unexpected(r.error());
//     ...
//   }
#include <string_view>

#include "core/result.h"
#include "core/task.h"
#include "net/http_request.h"
#include "net/http_response.h"

namespace helmarr::net {

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Any HTTP status is a response; a transport failure is an error whose
  // details["kind"] is one of net/fetch_error.h's kinds. The awaiting
  // coroutine resumes on its own executor.
  virtual Task<Result<HttpResponse>> fetch(HttpRequest request) = 0;
};

// Told about every fetch when it ends, for per-upstream metrics. Called from
// the engine's thread: implementations must be thread-safe and quick.
class FetchObserver {
 public:
  virtual ~FetchObserver() = default;
  // status: 0 when there was no response; error_kind: "" on success.
  virtual void on_fetch(std::string_view upstream, int status, std::string_view error_kind, double seconds) = 0;
};

}  // namespace helmarr::net
