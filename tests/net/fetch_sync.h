#pragma once
// Runs a fetch from a plain test thread: the task starts without an
// executor, so it resumes on whichever thread completes it.
#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>

#include "net/http_client.h"

namespace helmarr::testing {

inline std::future<Result<net::HttpResponse>> fetch_async(net::HttpClient& client, net::HttpRequest request) {
  auto p = std::make_shared<std::promise<Result<net::HttpResponse>>>();
  auto f = p->get_future();
  client.fetch(std::move(request))
      .start(nullptr, [p](std::optional<Result<net::HttpResponse>> v, std::exception_ptr e) {
        if (e) {
          p->set_exception(e);
        } else {
          p->set_value(std::move(*v));
        }
      });
  return f;
}

// A minute is a guard against a hung test, never a timing assertion.
inline Result<net::HttpResponse> wait(std::future<Result<net::HttpResponse>>& f) {
  if (f.wait_for(std::chrono::minutes(1)) != std::future_status::ready) throw std::runtime_error("fetch never ended");
  return f.get();
}

inline Result<net::HttpResponse> fetch_sync(net::HttpClient& client, net::HttpRequest request) {
  auto f = fetch_async(client, std::move(request));
  return wait(f);
}

}  // namespace helmarr::testing
