#pragma once
// One request on its way through the engine: the easy handle, its callbacks,
// and the mapping of curl's outcome to a response or a fetch error. Used
// only on the engine's thread once submitted (internal to src/net).
#include <curl/curl.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>

#include "core/completion.h"
#include "net/curl_engine.h"

namespace helmarr::net::detail {

// A client's cookie jar: a share handle that only its transfers use.
class CookieJar {
 public:
  CookieJar();
  ~CookieJar();
  CookieJar(const CookieJar&) = delete;
  CookieJar& operator=(const CookieJar&) = delete;
  CURLSH* handle() const { return share_; }

 private:
  static void lock(CURL*, curl_lock_data, curl_lock_access, void* self);
  static void unlock(CURL*, curl_lock_data, void* self);
  CURLSH* share_;
  std::mutex mu_;
};

// What the transfers of one client share; kept alive by each of them, so a
// client may go away while its last request finishes.
struct Session {
  explicit Session(ClientOptions o) : options(std::move(o)) {}
  ClientOptions options;
  CookieJar cookies;

  // Tells the observer, if any.
  void observe(int status, std::string_view error_kind, double seconds) const;
};

using Done = std::shared_ptr<Completion<Result<HttpResponse>>>;

class Transfer {
 public:
  Transfer(HttpRequest request, std::shared_ptr<const Session> session, Done done);
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  // Creates and configures the easy handle; false when curl cannot.
  bool prepare();
  CURL* easy() const { return easy_; }
  // The engine's handle for it, for cancellation.
  void set_id(std::uint64_t id) { id_ = id; }
  std::uint64_t id() const { return id_; }
  const HttpRequest& request() const { return request_; }
  // Runs on_stop (on whichever thread requests the stop) while this lives.
  void on_stop(std::function<void()> fn) { stop_.emplace(request_.stop, std::move(fn)); }

  // Reports to the observer and completes the awaiting coroutine. The easy
  // handle must already be out of the multi handle.
  void finish(CURLcode code);
  void finish_with(std::string_view kind, std::string_view what);

 private:
  static std::size_t on_body(char* data, std::size_t size, std::size_t n, void* self);
  static std::size_t on_header(char* data, std::size_t size, std::size_t n, void* self);
  // At the end of a redirect's headers: the host it leads to when that is
  // another host and the request does not allow it, else "".
  std::string refused_redirect_host() const;
  Result<HttpResponse> outcome(CURLcode code);
  void complete(Result<HttpResponse> result);
  double elapsed() const;

  HttpRequest request_;
  std::shared_ptr<const Session> session_;
  Done done_;
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::uint64_t id_ = 0;
  CURL* easy_ = nullptr;
  curl_slist* headers_ = nullptr;
  HttpResponse response_;
  std::size_t header_bytes_ = 0;
  bool too_large_ = false;
  int status_ = 0;             // of the response whose headers are arriving
  std::string original_host_;  // of request_.url
  std::string refused_host_;   // a redirect went there and was refused
  char errbuf_[CURL_ERROR_SIZE] = {};
  std::optional<std::stop_callback<std::function<void()>>> stop_;
};

// The request as fetch accepts it, or the reason it is refused (checked on
// the caller's thread, before anything reaches curl).
std::optional<Error> validate(const HttpRequest& request, std::string_view upstream);

}  // namespace helmarr::net::detail
