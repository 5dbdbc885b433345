// Cancellation, many requests on one thread, shutdown, and the proxy
// variables of the environment.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <optional>

#include "net/curl_engine.h"
#include "net/fetch_error.h"
#include "net/fetch_sync.h"
#include "net/local_server.h"

namespace helmarr::net {
namespace {

using helmarr::testing::fetch_async;
using helmarr::testing::fetch_sync;
using helmarr::testing::LocalServer;
using helmarr::testing::ReceivedRequest;
using helmarr::testing::Reply;
using helmarr::testing::thread_count;

TEST(CurlConcurrency, AStopTokenCancelsAPendingRequestAndDropsItsConnection) {
  LocalServer server([](const ReceivedRequest&) { return Reply{.hang = true}; });
  CurlEngine engine;
  auto client = engine.client({.upstream = "sonarr"});
  std::stop_source stop;
  auto req = HttpRequest::get(server.url("/slow"));
  req.stop = stop.get_token();
  auto pending = fetch_async(*client, req);
  ASSERT_TRUE(server.wait_for_requests(1));
  stop.request_stop();
  auto r = testing::wait(pending);
  ASSERT_FALSE(r);
  EXPECT_EQ(kind_of(r.error()), "cancelled");
  EXPECT_EQ(r.error().code, ErrorCode::unavailable);
  // The handle left the multi handle: the server sees the connection close.
  EXPECT_TRUE(server.wait_until_idle());
}

TEST(CurlConcurrency, AnAlreadyStoppedRequestNeverLeaves) {
  LocalServer server([](const ReceivedRequest&) { return Reply::ok(""); });
  CurlEngine engine;
  auto client = engine.client({});
  std::stop_source stop;
  stop.request_stop();
  auto req = HttpRequest::get(server.url());
  req.stop = stop.get_token();
  auto r = fetch_sync(*client, req);
  ASSERT_FALSE(r);
  EXPECT_EQ(kind_of(r.error()), "cancelled");
  // A later request on the same engine still works, and is the only one the server saw.
  ASSERT_TRUE(fetch_sync(*client, HttpRequest::get(server.url("/after"))));
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].target, "/after");
}

TEST(CurlConcurrency, TwoHundredRequestsInFlightShareOneThread) {
  constexpr int n = 200;
  LocalServer server([](const ReceivedRequest& req) {
    Reply r = Reply::ok(req.target);
    r.hold = true;  // answered only once all are in
    return r;
  });
  CurlEngine engine;
  auto client = engine.client({});
  const std::size_t threads_before = thread_count();

  std::mutex mu;
  std::condition_variable cv;
  int done = 0;
  int ok = 0;
  for (int i = 0; i < n; ++i) {
    client->fetch(HttpRequest::get(server.url("/r/" + std::to_string(i))))
        .start(nullptr, [&, i](std::optional<Result<HttpResponse>> v, std::exception_ptr) {
          std::lock_guard lk(mu);
          if (v && *v && (*v)->body == "/r/" + std::to_string(i)) ++ok;
          ++done;
          cv.notify_all();
        });
  }
  ASSERT_TRUE(server.wait_for_requests(n));
  EXPECT_EQ(engine.in_flight(), static_cast<std::size_t>(n));
  EXPECT_EQ(thread_count(), threads_before);  // no thread per request
  server.release_held();
  std::unique_lock lk(mu);
  ASSERT_TRUE(cv.wait_for(lk, std::chrono::minutes(1), [&] { return done == n; }));
  EXPECT_EQ(ok, n);
}

TEST(CurlConcurrency, StoppingTheEngineCancelsWhatIsInFlight) {
  LocalServer server([](const ReceivedRequest&) { return Reply{.hang = true}; });
  std::future<Result<HttpResponse>> pending;
  {
    CurlEngine engine;
    auto client = engine.client({});
    pending = fetch_async(*client, HttpRequest::get(server.url()));
    ASSERT_TRUE(server.wait_for_requests(1));
  }
  auto r = testing::wait(pending);
  ASSERT_FALSE(r);
  EXPECT_EQ(kind_of(r.error()), "cancelled");
}

// Sets an environment variable for one scope, restoring what was there.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(CurlConcurrency, HttpProxyFromTheEnvironmentIsUsed) {
  // The "proxy" is local, and the target host is never resolved: nothing leaves the machine.
  LocalServer proxy([](const ReceivedRequest&) { return Reply::ok("via proxy"); });
  ScopedEnv env("http_proxy", proxy.url());
  CurlEngine engine;
  auto client = engine.client({});
  auto r = fetch_sync(*client, HttpRequest::get("http://helmarr-proxy-check.invalid/path?q=1"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->body, "via proxy");
  ASSERT_EQ(proxy.requests().size(), 1u);
  EXPECT_EQ(proxy.requests()[0].target, "http://helmarr-proxy-check.invalid/path?q=1");
}

TEST(CurlConcurrency, NoProxyReachesLocalAddressesDirectly) {
  LocalServer proxy([](const ReceivedRequest&) { return Reply::ok("via proxy"); });
  LocalServer target([](const ReceivedRequest&) { return Reply::ok("direct"); });
  ScopedEnv env("http_proxy", proxy.url());
  ScopedEnv no_proxy("no_proxy", "127.0.0.1");
  CurlEngine engine;
  auto client = engine.client({});
  auto r = fetch_sync(*client, HttpRequest::get(target.url("/x")));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->body, "direct");
  EXPECT_TRUE(proxy.requests().empty());
}

}  // namespace
}  // namespace helmarr::net
