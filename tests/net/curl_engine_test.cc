#include "net/curl_engine.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>
#include <vector>

#include "net/fetch_error.h"
#include "net/fetch_sync.h"
#include "net/local_server.h"

namespace helmarr::net {
namespace {

using helmarr::testing::fetch_sync;
using helmarr::testing::LocalServer;
using helmarr::testing::ReceivedRequest;
using helmarr::testing::Reply;
using ::testing::HasSubstr;
using ::testing::Not;

struct RecordingObserver final : FetchObserver {
  struct Call {
    std::string upstream;
    int status;
    std::string kind;
    double seconds;
  };
  void on_fetch(std::string_view upstream, int status, std::string_view kind, double seconds) override {
    std::lock_guard lk(mu);
    calls.push_back({std::string(upstream), status, std::string(kind), seconds});
  }
  std::mutex mu;
  std::vector<Call> calls;
};

TEST(CurlEngine, ReturnsStatusHeadersAndBody) {
  LocalServer server([](const ReceivedRequest&) { return Reply::ok("hello", {{"X-Thing", "yes"}}, 201); });
  CurlEngine engine;
  auto client = engine.client({.upstream = "test"});
  auto r = fetch_sync(*client, HttpRequest::get(server.url("/a?b=c")).header("X-Api-Key", "k1"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->body, "hello");
  EXPECT_EQ(r->header("x-thing"), "yes");  // case-insensitive
  EXPECT_EQ(r->header("X-THING"), "yes");
  EXPECT_EQ(r->header("absent"), "");
  EXPECT_EQ(r->effective_url, server.url("/a?b=c"));
  EXPECT_GT(r->timings.total, 0);
  EXPECT_EQ(r->timings.redirects, 0);
  const auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "GET");
  EXPECT_EQ(seen[0].target, "/a?b=c");
  EXPECT_EQ(seen[0].header("X-Api-Key"), "k1");
  EXPECT_EQ(seen[0].header("Expect"), "");  // no 100-continue wait
}

TEST(CurlEngine, AnyStatusIsAResponse) {
  LocalServer server([](const ReceivedRequest&) { return Reply::ok("gone", {}, 503); });
  CurlEngine engine;
  auto client = engine.client({});
  auto r = fetch_sync(*client, HttpRequest::get(server.url()));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_FALSE(r->ok());
}

TEST(CurlEngine, CookiesStayWithTheClientThatGotThem) {
  LocalServer server([](const ReceivedRequest& req) {
    if (req.target == "/login") return Reply::ok("Ok.", {{"Set-Cookie", "SID=abc123; HttpOnly; Path=/"}});
    return Reply::ok("checked");
  });
  CurlEngine engine;
  auto qbit = engine.client({.upstream = "qbittorrent"});
  auto other = engine.client({.upstream = "qbittorrent-2"});
  ASSERT_TRUE(fetch_sync(*qbit, HttpRequest::post(server.url("/login")).form({{"username", "u"}, {"password", "p"}})));
  ASSERT_TRUE(fetch_sync(*qbit, HttpRequest::get(server.url("/api/v2/torrents/info"))));
  ASSERT_TRUE(fetch_sync(*other, HttpRequest::get(server.url("/api/v2/torrents/info"))));
  ASSERT_TRUE(fetch_sync(*qbit, HttpRequest::get(server.url("/again"))));
  const auto seen = server.requests();
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0].header("Cookie"), "");
  EXPECT_EQ(seen[1].header("Cookie"), "SID=abc123");
  EXPECT_EQ(seen[2].header("Cookie"), "");  // another client's jar is its own
  EXPECT_EQ(seen[3].header("Cookie"), "SID=abc123");
}

TEST(CurlEngine, FormBodyArrivesByteExact) {
  LocalServer server([](const ReceivedRequest&) { return Reply::ok(""); });
  CurlEngine engine;
  auto client = engine.client({});
  ASSERT_TRUE(fetch_sync(*client, HttpRequest::post(server.url("/f")).form({{"a b", "x&y=z"}, {"u", "é/+~"}})));
  const auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].header("Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(seen[0].body, "a+b=x%26y%3Dz&u=%C3%A9%2F%2B%7E");
}

TEST(CurlEngine, MultipartBodyArrivesByteExact) {
  LocalServer server([](const ReceivedRequest&) { return Reply::ok("Ok."); });
  CurlEngine engine;
  auto client = engine.client({});
  std::string torrent("d8:announce0:e\0\r\n\xff", 18);
  auto req = HttpRequest::post(server.url("/api/v2/torrents/add"))
                 .multipart({{.name = "torrents",
                              .filename = "a.torrent",
                              .content_type = "application/x-bittorrent",
                              .data = torrent},
                             {.name = "savepath", .data = "/downloads"}});
  ASSERT_TRUE(fetch_sync(*client, req));
  const auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  const std::string type(seen[0].header("Content-Type"));
  ASSERT_THAT(type, HasSubstr("multipart/form-data; boundary="));
  const std::string b = type.substr(type.find('=') + 1);
  EXPECT_EQ(seen[0].body, "--" + b +
                              "\r\nContent-Disposition: form-data; name=\"torrents\"; filename=\"a.torrent\"\r\n"
                              "Content-Type: application/x-bittorrent\r\n\r\n" +
                              torrent + "\r\n--" + b +
                              "\r\nContent-Disposition: form-data; name=\"savepath\"\r\n\r\n/downloads\r\n--" + b +
                              "--\r\n");
}

TEST(CurlEngine, JsonBodyAndOtherMethodsArriveByteExact) {
  LocalServer server([](const ReceivedRequest&) { return Reply::ok("{}"); });
  CurlEngine engine;
  auto client = engine.client({});
  HttpRequest put = HttpRequest::get(server.url("/api/v3/series/1"));
  put.method = "PUT";
  put.json({{"title", "Ünïcode \"quoted\""}, {"monitored", true}});
  ASSERT_TRUE(fetch_sync(*client, put));
  HttpRequest del = HttpRequest::get(server.url("/api/v3/series/1"));
  del.method = "DELETE";
  ASSERT_TRUE(fetch_sync(*client, del));
  const auto seen = server.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].method, "PUT");
  EXPECT_EQ(seen[0].header("Content-Type"), "application/json");
  EXPECT_EQ(seen[0].body, R"({"monitored":true,"title":"Ünïcode \"quoted\""})");
  EXPECT_EQ(seen[1].method, "DELETE");
  EXPECT_EQ(seen[1].body, "");
}

// A port nothing listens on: bound, then closed, never listened.
int closed_port() {
  LocalServer probe([](const ReceivedRequest&) { return Reply::ok(""); });
  return probe.port();
}

TEST(CurlEngine, ConnectionRefusedIsAConnectError) {
  const int port = closed_port();
  CurlEngine engine;
  RecordingObserver observer;
  auto client = engine.client({.upstream = "sonarr", .observer = &observer});
  auto r = fetch_sync(*client, HttpRequest::get("http://127.0.0.1:" + std::to_string(port) + "/x"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::unavailable);
  EXPECT_EQ(kind_of(r.error()), "connect");
  EXPECT_EQ(r.error().details["upstream"], "sonarr");
  EXPECT_THAT(r.error().message, HasSubstr("sonarr: GET http://127.0.0.1:"));
  ASSERT_EQ(observer.calls.size(), 1u);
  EXPECT_EQ(observer.calls[0].upstream, "sonarr");
  EXPECT_EQ(observer.calls[0].status, 0);
  EXPECT_EQ(observer.calls[0].kind, "connect");
}

TEST(CurlEngine, ErrorMessagesNeverCarryCredentials) {
  const int port = closed_port();
  CurlEngine engine;
  auto client = engine.client({.upstream = "sabnzbd"});
  const std::string url =
      "http://admin:hunter2pass@127.0.0.1:" + std::to_string(port) + "/api?mode=queue&apikey=S3CRETKEY&output=json";
  auto r = fetch_sync(*client, HttpRequest::get(url));
  ASSERT_FALSE(r);
  const std::string all = r.error().message + r.error().details.dump();
  EXPECT_THAT(all, Not(HasSubstr("hunter2pass")));
  EXPECT_THAT(all, Not(HasSubstr("S3CRETKEY")));
  EXPECT_THAT(all, Not(HasSubstr("admin")));
  EXPECT_THAT(r.error().message, HasSubstr("127.0.0.1"));
  EXPECT_THAT(r.error().message, HasSubstr("mode=queue"));
}

TEST(CurlEngine, ObserverSeesStatusAndUpstream) {
  LocalServer server([](const ReceivedRequest&) { return Reply::ok("x", {}, 404); });
  CurlEngine engine;
  RecordingObserver observer;
  auto client = engine.client({.upstream = "radarr", .observer = &observer});
  ASSERT_TRUE(fetch_sync(*client, HttpRequest::get(server.url())));
  ASSERT_EQ(observer.calls.size(), 1u);
  EXPECT_EQ(observer.calls[0].upstream, "radarr");
  EXPECT_EQ(observer.calls[0].status, 404);
  EXPECT_EQ(observer.calls[0].kind, "");
  EXPECT_GE(observer.calls[0].seconds, 0);
}

TEST(CurlEngine, RefusesRequestsThatAreNotHttpOrMalformed) {
  CurlEngine engine;
  RecordingObserver observer;
  auto client = engine.client({.upstream = "plex", .observer = &observer});
  for (const std::string url : {"ftp://127.0.0.1/x", "file:///etc/passwd", "gopher://127.0.0.1/", "not a url", ""}) {
    auto r = fetch_sync(*client, HttpRequest::get(url));
    ASSERT_FALSE(r) << url;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_request) << url;
    EXPECT_EQ(kind_of(r.error()), "invalid_request") << url;
  }
  auto injected = fetch_sync(*client, HttpRequest::get("http://127.0.0.1:1/").header("X-A", "v\r\nX-Evil: 1"));
  ASSERT_FALSE(injected);
  EXPECT_THAT(injected.error().message, HasSubstr("control character"));
  auto bad_name = fetch_sync(*client, HttpRequest::get("http://127.0.0.1:1/").header("Bad Name", "v"));
  ASSERT_FALSE(bad_name);
  HttpRequest bad_method = HttpRequest::get("http://127.0.0.1:1/");
  bad_method.method = "GET /x";
  EXPECT_FALSE(fetch_sync(*client, bad_method));
  HttpRequest no_timeout = HttpRequest::get("http://127.0.0.1:1/");
  no_timeout.total_timeout = std::chrono::milliseconds(0);
  EXPECT_FALSE(fetch_sync(*client, no_timeout));
  EXPECT_EQ(observer.calls.size(), 9u);
}

}  // namespace
}  // namespace helmarr::net
