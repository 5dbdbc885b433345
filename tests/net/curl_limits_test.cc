// Timeouts, response size, TLS and redirects against local servers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "net/curl_engine.h"
#include "net/fetch_error.h"
#include "net/fetch_sync.h"
#include "net/local_server.h"
#include "net/tls_server.h"

namespace helmarr::net {
namespace {

using helmarr::testing::fetch_sync;
using helmarr::testing::LocalServer;
using helmarr::testing::ReceivedRequest;
using helmarr::testing::Reply;
using helmarr::testing::TlsServer;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

constexpr std::uint64_t hundred_mb = 100ull * 1024 * 1024;

std::int64_t rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::int64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * ::sysconf(_SC_PAGESIZE);
}

HttpRequest quick(std::string url) {
  auto r = HttpRequest::get(std::move(url));
  r.total_timeout = 1500ms;
  return r;
}

TEST(CurlLimits, AServerThatNeverAnswersTimesOut) {
  LocalServer server([](const ReceivedRequest&) { return Reply{.hang = true}; });
  CurlEngine engine;
  auto client = engine.client({.upstream = "slow"});
  auto r = fetch_sync(*client, quick(server.url("/hang")));
  ASSERT_FALSE(r);
  EXPECT_EQ(kind_of(r.error()), "timeout");
  EXPECT_EQ(r.error().code, ErrorCode::unavailable);
  EXPECT_THAT(r.error().message, HasSubstr("slow: GET http://127.0.0.1:"));
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(CurlLimits, AServerThatDripsTimesOut) {
  LocalServer server([](const ReceivedRequest&) {
    return Reply{.bytes = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\n",
                 .drip = "0123456789",
                 .drip_interval = 1000ms};
  });
  CurlEngine engine;
  auto client = engine.client({});
  auto r = fetch_sync(*client, quick(server.url()));
  ASSERT_FALSE(r);
  EXPECT_EQ(kind_of(r.error()), "timeout");
}

TEST(CurlLimits, ADripOverTheSizeBoundIsRefused) {
  // No Content-Length: only the running count can catch it.
  LocalServer server([](const ReceivedRequest&) {
    return Reply{.bytes = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", .drip = "0123", .drip_interval = 1000ms};
  });
  CurlEngine engine;
  auto client = engine.client({});
  auto req = HttpRequest::get(server.url());
  req.max_response_bytes = 1;
  auto r = fetch_sync(*client, req);
  ASSERT_FALSE(r);
  EXPECT_EQ(kind_of(r.error()), "too_large");
  EXPECT_THAT(r.error().message, HasSubstr("larger than 1 bytes"));
}

TEST(CurlLimits, AHundredMegabytesWithContentLengthAreRefusedUpFront) {
  LocalServer server([](const ReceivedRequest&) {
    return Reply{
        .bytes = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(hundred_mb) + "\r\nConnection: close\r\n\r\n",
        .stream_bytes = hundred_mb};
  });
  CurlEngine engine;
  auto client = engine.client({});
  auto req = HttpRequest::get(server.url("/big"));
  req.max_response_bytes = 1024 * 1024;
  auto r = fetch_sync(*client, req);
  ASSERT_FALSE(r);
  EXPECT_EQ(kind_of(r.error()), "too_large");
}

TEST(CurlLimits, AHundredMegabytesStreamedAreRefusedWithoutBeingHeld) {
  LocalServer server([](const ReceivedRequest&) {
    return Reply{.bytes = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", .stream_bytes = hundred_mb};
  });
  CurlEngine engine;
  auto client = engine.client({});
  auto req = HttpRequest::get(server.url("/big"));
  req.max_response_bytes = 1024 * 1024;
  const auto before = rss_bytes();
  auto r = fetch_sync(*client, req);
  const auto after = rss_bytes();
  ASSERT_FALSE(r);
  EXPECT_EQ(kind_of(r.error()), "too_large");
  // Held in full, the body would have added 100 MB; the bound keeps it near 1 MB.
  EXPECT_LT(after - before, 50 * 1024 * 1024);
}

TEST(CurlLimits, ABodyUpToTheBoundIsKept) {
  LocalServer server([](const ReceivedRequest&) {
    return Reply{.bytes = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", .stream_bytes = 300000};
  });
  CurlEngine engine;
  auto client = engine.client({});
  auto req = HttpRequest::get(server.url());
  req.max_response_bytes = 300000;
  auto r = fetch_sync(*client, req);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->body.size(), 300000u);
}

TEST(CurlLimits, ASelfSignedCertificateIsRefusedByDefault) {
  TlsServer server;
  CurlEngine engine;
  auto client = engine.client({.upstream = "plex"});
  auto r = fetch_sync(*client, HttpRequest::get(server.url("/identity")));
  ASSERT_FALSE(r);
  EXPECT_EQ(kind_of(r.error()), "tls");
  EXPECT_EQ(r.error().code, ErrorCode::unavailable);
  EXPECT_EQ(server.served(), 0);
}

TEST(CurlLimits, ASelfSignedCertificateIsAcceptedWhenVerificationIsOff) {
  TlsServer server;
  CurlEngine engine;
  auto client = engine.client({.upstream = "plex"});
  auto req = HttpRequest::get(server.url("/identity"));
  req.verify_tls = false;
  auto r = fetch_sync(*client, req);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "secure");
  EXPECT_GT(r->timings.tls, 0);
  EXPECT_EQ(server.served(), 1);
}

// /hop/N redirects to /hop/N-1; /hop/0 answers.
Reply hops(const ReceivedRequest& req) {
  const int n = std::stoi(req.target.substr(5));
  if (n == 0) return Reply::ok("arrived");
  return Reply::redirect("/hop/" + std::to_string(n - 1));
}

TEST(CurlLimits, RedirectsAreFollowedUpToTheBound) {
  LocalServer server(hops);
  CurlEngine engine;
  auto client = engine.client({});
  auto req = HttpRequest::get(server.url("/hop/3"));
  req.max_redirects = 3;
  auto r = fetch_sync(*client, req);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->body, "arrived");
  EXPECT_EQ(r->timings.redirects, 3);
  EXPECT_EQ(r->effective_url, server.url("/hop/0"));
  EXPECT_EQ(server.requests().size(), 4u);
}

TEST(CurlLimits, RedirectsPastTheBoundAreRefused) {
  LocalServer server(hops);
  CurlEngine engine;
  auto client = engine.client({});
  auto req = HttpRequest::get(server.url("/hop/3"));
  req.max_redirects = 2;
  auto r = fetch_sync(*client, req);
  ASSERT_FALSE(r);
  EXPECT_EQ(kind_of(r.error()), "redirect");
  EXPECT_THAT(r.error().message, HasSubstr("more than 2 redirects"));
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST(CurlLimits, NoRedirectsMeansTheRedirectIsTheResponse) {
  LocalServer server(hops);
  CurlEngine engine;
  auto client = engine.client({});
  auto req = HttpRequest::get(server.url("/hop/1"));
  req.max_redirects = 0;
  auto r = fetch_sync(*client, req);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 302);
  EXPECT_EQ(r->header("Location"), "/hop/0");
}

TEST(CurlLimits, RedirectsToOtherSchemesAreRefused) {
  for (const std::string target : {"file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/"}) {
    LocalServer server([&](const ReceivedRequest&) { return Reply::redirect(target); });
    CurlEngine engine;
    auto client = engine.client({});
    auto r = fetch_sync(*client, HttpRequest::get(server.url("/go")));
    ASSERT_FALSE(r) << target;
    EXPECT_EQ(kind_of(r.error()), "redirect") << target;
    EXPECT_THAT(r.error().message, HasSubstr("scheme other than http")) << target;
  }
}

TEST(CurlLimits, RedirectsToAnotherHostAreRefusedUnlessAllowed) {
  // "localhost" and "127.0.0.1" are other hosts by name, and both stay on this machine.
  LocalServer elsewhere([](const ReceivedRequest&) { return Reply::ok("elsewhere"); });
  const std::string target = "http://localhost:" + std::to_string(elsewhere.port()) + "/steal";
  LocalServer server([&](const ReceivedRequest&) { return Reply::redirect(target); });
  CurlEngine engine;
  auto client = engine.client({});
  auto req = HttpRequest::get(server.url("/api")).header("X-Api-Key", "secret-key");
  auto refused = fetch_sync(*client, req);
  ASSERT_FALSE(refused);
  EXPECT_EQ(kind_of(refused.error()), "redirect");
  EXPECT_THAT(refused.error().message, HasSubstr("redirect to another host (localhost) refused"));
  EXPECT_TRUE(elsewhere.requests().empty());

  // Why it is refused: followed, the redirect carries the request's headers along.
  req.redirect_to_other_hosts = true;
  auto followed = fetch_sync(*client, req);
  ASSERT_TRUE(followed) << followed.error().message;
  EXPECT_EQ(followed->body, "elsewhere");
  ASSERT_EQ(elsewhere.requests().size(), 1u);
  EXPECT_EQ(elsewhere.requests()[0].header("X-Api-Key"), "secret-key");
}

TEST(CurlLimits, RedirectsWithinTheHostAreFollowedWhateverTheCase) {
  LocalServer server([](const ReceivedRequest& req) {
    if (req.target == "/start") return Reply::redirect("/end");
    return Reply::ok("same host");
  });
  CurlEngine engine;
  auto client = engine.client({});
  auto r = fetch_sync(*client, HttpRequest::get(server.url("/start")));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->body, "same host");
}

}  // namespace
}  // namespace helmarr::net
