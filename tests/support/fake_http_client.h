#pragma once
// A fake net::HttpClient for service-client unit tests: no network, no
// clock. It records every request and plays back the responses or errors
// scripted for its method and URL, each once, in the order given.
//
//   FakeHttpClient http;
//   http.respond("GET", "http://sonarr:8989/api/v3/system/status", 200, R"({"version":"4.0"})");
//   http.fail("GET", "http://sonarr:8989/api/v3/queue", net::kind::timeout);
//   SonarrClient sonarr(http, ...);
//   ... http.requests()[0].header_value("X-Api-Key") ...
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "net/fetch_error.h"
#include "net/http_client.h"

namespace helmarr::testing {

class FakeHttpClient final : public net::HttpClient {
 public:
  explicit FakeHttpClient(std::string upstream = "fake") : upstream_(std::move(upstream)) {}

  void respond(const std::string& method, const std::string& url, Result<net::HttpResponse> response) {
    std::lock_guard lk(mu_);
    script_[{method, url}].push_back(std::move(response));
  }
  void respond(const std::string& method, const std::string& url, int status, std::string body = "",
               net::Headers headers = {}) {
    net::HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    r.effective_url = url;
    respond(method, url, std::move(r));
  }
  // An error as the real client reports it: kind is one of net::kind.
  void fail(const std::string& method, const std::string& url, std::string_view kind) {
    respond(method, url, tl::unexpected(net::fetch_error(kind, upstream_, method, url, "scripted failure")));
  }

  // Every request fetched so far, in order, as it was passed.
  std::vector<net::HttpRequest> requests() const {
    std::lock_guard lk(mu_);
    return requests_;
  }
  // Scripted responses nobody asked for yet.
  std::size_t unused() const {
    std::lock_guard lk(mu_);
    std::size_t n = 0;
    for (const auto& [key, queue] : script_) n += queue.size();
    return n;
  }

  Task<Result<net::HttpResponse>> fetch(net::HttpRequest request) override { co_return take(std::move(request)); }

 private:
  Result<net::HttpResponse> take(net::HttpRequest request) {
    std::lock_guard lk(mu_);
    const auto method = request.method;
    const auto url = request.url;
    const bool stopped = request.stop.stop_requested();
    requests_.push_back(std::move(request));
    if (stopped) return tl::unexpected(net::fetch_error(net::kind::cancelled, upstream_, method, url, "cancelled"));
    auto it = script_.find({method, url});
    if (it == script_.end() || it->second.empty()) {
      Error e{ErrorCode::internal, "fake: no response scripted for " + method + " " + url};
      e.details = {{"kind", "unscripted"}};
      return tl::unexpected(std::move(e));
    }
    auto r = std::move(it->second.front());
    it->second.pop_front();
    return r;
  }

  const std::string upstream_;
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, std::deque<Result<net::HttpResponse>>> script_;
  std::vector<net::HttpRequest> requests_;
};

}  // namespace helmarr::testing
