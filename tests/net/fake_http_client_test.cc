#include "support/fake_http_client.h"

#include <gtest/gtest.h>

namespace helmarr::testing {
namespace {

// The fake completes inline: the task is done when start() returns.
Result<net::HttpResponse> fetch_now(net::HttpClient& client, net::HttpRequest req) {
  std::optional<Result<net::HttpResponse>> out;
  client.fetch(std::move(req)).start(nullptr, [&](std::optional<Result<net::HttpResponse>> v, std::exception_ptr) {
    out = std::move(v);
  });
  if (!out) throw std::logic_error("the fake did not complete inline");
  return std::move(*out);
}

TEST(FakeHttpClient, PlaysScriptedResponsesInOrderPerMethodAndUrl) {
  FakeHttpClient http;
  http.respond("GET", "http://s/a", 200, "first", {{"X-N", "1"}});
  http.respond("GET", "http://s/a", 503, "second");
  http.respond("POST", "http://s/a", 201, "posted");
  EXPECT_EQ(http.unused(), 3u);

  auto post = fetch_now(http, net::HttpRequest::post("http://s/a").json({{"k", 1}}));
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 201);
  auto first = fetch_now(http, net::HttpRequest::get("http://s/a"));
  ASSERT_TRUE(first);
  EXPECT_EQ(first->body, "first");
  EXPECT_EQ(first->header("x-n"), "1");
  auto second = fetch_now(http, net::HttpRequest::get("http://s/a"));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 503);
  EXPECT_EQ(http.unused(), 0u);
}

TEST(FakeHttpClient, AnUnscriptedRequestIsAnErrorNamingIt) {
  FakeHttpClient http;
  http.respond("GET", "http://s/a", 200);
  auto r = fetch_now(http, net::HttpRequest::get("http://s/b"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "fake: no response scripted for GET http://s/b");
  EXPECT_EQ(net::kind_of(r.error()), "unscripted");
}

TEST(FakeHttpClient, ScriptedFailuresLookLikeTheRealClientsErrors) {
  FakeHttpClient http("sonarr");
  http.fail("GET", "http://s/q?apikey=abc", net::kind::timeout);
  auto r = fetch_now(http, net::HttpRequest::get("http://s/q?apikey=abc"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::unavailable);
  EXPECT_EQ(net::kind_of(r.error()), "timeout");
  EXPECT_EQ(r.error().details["upstream"], "sonarr");
  EXPECT_EQ(r.error().message.find("abc"), std::string::npos);
}

TEST(FakeHttpClient, RecordsEveryRequestAsPassed) {
  FakeHttpClient http;
  http.respond("POST", "http://q/api/v2/auth/login", 200, "Ok.");
  ASSERT_TRUE(fetch_now(http, net::HttpRequest::post("http://q/api/v2/auth/login")
                                  .header("Referer", "http://q")
                                  .form({{"username", "admin"}, {"password", "a b"}})));
  EXPECT_FALSE(fetch_now(http, net::HttpRequest::get("http://q/unscripted")));
  const auto seen = http.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].header_value("referer"), "http://q");
  EXPECT_EQ(seen[0].header_value("Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(seen[0].body, "username=admin&password=a+b");
  EXPECT_EQ(seen[1].url, "http://q/unscripted");
}

TEST(FakeHttpClient, AStoppedRequestIsCancelled) {
  FakeHttpClient http;
  http.respond("GET", "http://s/a", 200);
  std::stop_source stop;
  stop.request_stop();
  auto req = net::HttpRequest::get("http://s/a");
  req.stop = stop.get_token();
  auto r = fetch_now(http, req);
  ASSERT_FALSE(r);
  EXPECT_EQ(net::kind_of(r.error()), "cancelled");
  EXPECT_EQ(http.unused(), 1u);  // the scripted response is still there
}

}  // namespace
}  // namespace helmarr::testing
