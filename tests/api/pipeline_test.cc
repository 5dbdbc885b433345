// The request pipeline with real services (in-memory SQLite, real
// authenticator, limiter and metrics) and a manual clock.
#include "api/pipeline.h"

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include "support/gate.h"

#include <sstream>
#include <thread>

#include "api/error_response.h"
#include "core/clock.h"
#include "core/completion.h"
#include "core/sync_wait.h"
#include "support/memory_store.h"

namespace helmarr::api {
namespace {

constexpr const char* kKey = "pipeline-test-key-0123456789";

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::migrated_memory_db();
    secrets_ = store::make_secret_repository(*db_, clock_);
    keys_ = std::make_unique<system::ApiKeyStore>(*secrets_, clock_);
    ASSERT_TRUE(keys_->initialise(std::string(kKey)));
    auth_ = std::make_unique<system::Authenticator>(*keys_, clock_);
    limiter_ = std::make_unique<system::RateLimiter>(clock_);
    limiter_->configure("general", {3, std::chrono::seconds(60)});
    router_.add(http::Method::get, "/healthz", [](http::Request&) -> Result<http::Response> {
      return http::Response::json(200, "{}");
    }, {.access = http::Access::open, .rate_category = ""});
    router_.add(http::Method::get, "/api/items/{id}", [](http::Request& req) -> Result<http::Response> {
      if (req.param("id") == "missing") return fail(ErrorCode::not_found, "no item missing");
      return http::Response::json(200, nlohmann::json{{"id", req.param("id")}, {"who", req.identity->id}}.dump());
    }, {.rate_category = "general"});
    router_.add(http::Method::get, "/api/v1/things/{id}", [](http::Request&) -> Result<http::Response> {
      return fail(ErrorCode::unavailable, "sonarr is down", {{"service", "sonarr"}});
    }, {.dialect = http::ErrorDialect::autoarr, .rate_category = "general"});
    router_.add(http::Method::get, "/api/v1/dashboard-style", [](http::Request&) -> Result<http::Response> {
      return fail(ErrorCode::not_found, "declared dashboard under /api/v1");
    }, {.dialect = http::ErrorDialect::dashboard});
    router_.add(http::Method::get, "/api/blocking", [](http::Request&) -> Result<http::Response> {
      std::ostringstream id;
      id << std::this_thread::get_id();
      return http::Response::text(200, id.str());
    }, {.execution = http::Execution::blocking});
    router_.add_async(http::Method::get, "/api/waits", [this](http::Request& req) -> Task<Result<http::Response>> {
      waiting_request_ = &req;
      auto v = co_await gate_->wait();
      co_return http::Response::text(200, std::to_string(v));
    }, {.dialect = http::ErrorDialect::autoarr, .deadline = std::chrono::milliseconds(5000)});
    router_.add(http::Method::get, "/api/socket", [](http::Request&) -> Result<http::Response> {
      http::Response r = http::Response::empty(101);
      r.upgrade = std::shared_ptr<http::WebSocketSession>(reinterpret_cast<http::WebSocketSession*>(1),
                                                          [](http::WebSocketSession*) {});
      return r;
    });
    router_.add(http::Method::get, "/torznab/api", [](http::Request&) -> Result<http::Response> {
      return http::Response::text(200, "<rss/>", "application/rss+xml");
    }, {.dialect = http::ErrorDialect::newznab});
    router_.add_surface({"/api/v1", {.dialect = http::ErrorDialect::autoarr}});
    router_.add_surface({"/torznab", {.dialect = http::ErrorDialect::newznab}});
    pipeline_ = std::make_unique<Pipeline>(router_, *auth_, *limiter_, metrics_, clock_, pool_, timers_);
    ASSERT_TRUE(pipeline_->check_routes());
  }

  static http::Request make(http::Method m, const std::string& target, const std::string& key = kKey,
                            const std::string& addr = "10.0.0.1") {
    http::Request req;
    req.method = m;
    req.target = target;
    EXPECT_TRUE(http::parse_target(target, req.path, req.query));
    if (!key.empty()) req.headers.add("X-API-Key", key);
    req.remote_address = addr;
    return req;
  }

  http::Response handle(http::Request req) {
    return sync_wait(pipeline_->handle(std::make_shared<http::Request>(std::move(req))));
  }

  http::Response call(http::Method m, std::string target, std::string key = kKey, std::string addr = "10.0.0.1") {
    return handle(make(m, target, key, addr));
  }

  ManualClock clock_;
  ManualTimers timers_{clock_};
  WorkerPool pool_{1, 4};
  std::shared_ptr<Completion<int>> gate_ = std::make_shared<Completion<int>>();
  http::Request* waiting_request_ = nullptr;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::SecretRepository> secrets_;
  std::unique_ptr<system::ApiKeyStore> keys_;
  std::unique_ptr<system::Authenticator> auth_;
  std::unique_ptr<system::RateLimiter> limiter_;
  system::Metrics metrics_;
  http::Router router_;
  std::unique_ptr<Pipeline> pipeline_;
};

TEST_F(PipelineTest, PublicRouteNeedsNoKeyAndIsNotRateLimited) {
  for (int i = 0; i < 10; ++i) {
    auto r = call(http::Method::get, "/healthz", "");
    EXPECT_EQ(r.status, 200);
    EXPECT_FALSE(r.headers.get("X-RateLimit-Limit"));
    EXPECT_TRUE(r.headers.get("X-Request-Id"));
  }
}

TEST_F(PipelineTest, GuardedRouteRefusesMissingAndWrongKeys) {
  auto missing = call(http::Method::get, "/api/items/1", "");
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(nlohmann::json::parse(missing.body)["error"], "unauthorized");
  EXPECT_EQ(call(http::Method::get, "/api/items/1", "wrong-key-wrong-key").status, 401);
  auto ok = call(http::Method::get, "/api/items/7");
  ASSERT_EQ(ok.status, 200);
  auto body = nlohmann::json::parse(ok.body);
  EXPECT_EQ(body["id"], "7");
  EXPECT_EQ(body["who"], keys_->key_id());
}

TEST_F(PipelineTest, BearerAndQueryKeysWork) {
  http::Request req;
  req.method = http::Method::get;
  req.path = "/api/items/1";
  req.headers.add("Authorization", std::string("Bearer ") + kKey);
  EXPECT_EQ(handle(req).status, 200);
  EXPECT_EQ(call(http::Method::get, std::string("/api/items/1?apikey=") + kKey, "").status, 200);
}

TEST_F(PipelineTest, NotFoundAndMethodNotAllowed) {
  auto nf = call(http::Method::get, "/api/nothing");
  EXPECT_EQ(nf.status, 404);
  auto na = call(http::Method::post, "/api/items/1");
  EXPECT_EQ(na.status, 405);
  EXPECT_EQ(na.headers.get("Allow").value_or(""), "GET");
}

TEST_F(PipelineTest, RateLimitHeadersAnd429WithRetryAfter) {
  for (int i = 0; i < 3; ++i) {
    auto r = call(http::Method::get, "/api/items/1");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.headers.get("X-RateLimit-Limit").value_or(""), "3");
    EXPECT_EQ(r.headers.get("X-RateLimit-Remaining").value_or(""), std::to_string(2 - i));
  }
  auto refused = call(http::Method::get, "/api/items/1");
  ASSERT_EQ(refused.status, 429);
  auto body = nlohmann::json::parse(refused.body);
  EXPECT_EQ(body["error"], "rate_limit_exceeded");
  EXPECT_GE(body["retry_after"].get<int>(), 1);
  EXPECT_TRUE(refused.headers.get("Retry-After"));
  clock_.advance(std::chrono::seconds(21));  // 3/min refills one token every 20 s
  EXPECT_EQ(call(http::Method::get, "/api/items/1").status, 200);
}

TEST_F(PipelineTest, RefusalsAndUnknownPathsUnderApiCarryRateLimitHeadersToo) {
  for (auto target : {"/api/nothing", "/api/items/1"}) {
    auto r = call(http::Method::get, target, target == std::string("/api/nothing") ? kKey : "");
    EXPECT_TRUE(r.headers.get("X-RateLimit-Limit")) << target;
  }
  EXPECT_TRUE(call(http::Method::post, "/api/items/1").headers.get("X-RateLimit-Remaining"));
}

TEST_F(PipelineTest, AnonymousFloodsEndIn429) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(call(http::Method::get, "/api/items/1", "", "10.9.9.9").status, 401);
  auto r = call(http::Method::get, "/api/items/1", "", "10.9.9.9");
  EXPECT_EQ(r.status, 429);  // the anonymous budget of this address is spent
  EXPECT_TRUE(r.headers.get("Retry-After"));
  EXPECT_EQ(r.headers.get("X-RateLimit-Remaining").value_or(""), "0");
  EXPECT_EQ(call(http::Method::get, "/api/items/1").status, 200);  // the key has its own bucket
}

TEST_F(PipelineTest, AnonymousFloodsToUnknownPathsEndIn429) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(call(http::Method::get, "/nowhere", "", "10.8.8.8").status, 404);
  EXPECT_EQ(call(http::Method::get, "/nowhere/else", "", "10.8.8.8").status, 429);
}

TEST_F(PipelineTest, AnonymousCallsToUnlimitedRoutesStillCount) {
  // /healthz is public and never limited; an unknown path beside it is.
  for (int i = 0; i < 10; ++i) EXPECT_EQ(call(http::Method::get, "/healthz", "", "10.7.7.7").status, 200);
}

TEST_F(PipelineTest, EverySpellingOfAPathIsLimitedAlike) {
  // "//api/items/1" and "/%2Fapi/items/1" (decoded: "//api/items/1") are the
  // same route and draw from the same bucket as "/api/items/1".
  EXPECT_EQ(call(http::Method::get, "//api/items/1").status, 200);
  EXPECT_EQ(call(http::Method::get, "/%2Fapi/items/1").status, 200);
  EXPECT_EQ(call(http::Method::get, "/api/items/1").status, 200);
  auto r = call(http::Method::get, "//api//items/1/");
  EXPECT_EQ(r.status, 429);
}

TEST_F(PipelineTest, ErrorDialectIsTheRoutesDeclarationNotItsPath) {
  auto declared = nlohmann::json::parse(call(http::Method::get, "/api/v1/dashboard-style").body);
  EXPECT_FALSE(declared.contains("details"));  // dashboard form, though under /api/v1
  auto unknown = nlohmann::json::parse(call(http::Method::get, "/api/v1/unknown").body);
  EXPECT_TRUE(unknown.contains("details"));  // unknown path: the /api/v1 surface's dialect
}

TEST_F(PipelineTest, AnUnknownRateCategoryIsAStartupError) {
  router_.add(http::Method::get, "/api/typo", [](http::Request&) -> Result<http::Response> {
    return http::Response::empty(204);
  }, {.rate_category = "genral"});
  auto checked = pipeline_->check_routes();
  ASSERT_FALSE(checked);
  EXPECT_NE(checked.error().message.find("'genral' does not exist"), std::string::npos) << checked.error().message;
}

TEST_F(PipelineTest, BlockingHandlersRunOnTheWorkerPool) {
  auto r = call(http::Method::get, "/api/blocking");
  ASSERT_EQ(r.status, 200);
  std::ostringstream here;
  here << std::this_thread::get_id();
  EXPECT_NE(r.body, here.str());
}

TEST_F(PipelineTest, AFullWorkerPoolAnswers503WithRetryAfter) {
  testing::Gate started, release;
  ASSERT_TRUE(pool_.try_post([&] {
    started.open();
    release.wait();
  }));
  started.wait();
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(pool_.try_post([] {}));
  limiter_->configure("general", {100, std::chrono::seconds(60)});
  auto r = call(http::Method::get, "/api/blocking");
  release.open();
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.headers.get("Retry-After").value_or(""), "1");
  EXPECT_EQ(nlohmann::json::parse(r.body)["retry_after"], 1);
}

TEST_F(PipelineTest, AHandlerPastItsDeadlineIsAnswered504AndItsLateResultDropped) {
  std::optional<http::Response> got;
  auto req = std::make_shared<http::Request>(make(http::Method::get, "/api/waits"));
  pipeline_->handle(req).start(nullptr, [&](std::optional<http::Response> r, std::exception_ptr) { got = std::move(r); });
  ASSERT_NE(waiting_request_, nullptr);  // the handler is waiting
  EXPECT_FALSE(got);
  EXPECT_EQ(pipeline_->in_flight(), 1u);
  clock_.advance(std::chrono::milliseconds(4999));
  timers_.fire();
  EXPECT_FALSE(got);
  clock_.advance(std::chrono::milliseconds(1));
  timers_.fire();
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 504);
  auto body = nlohmann::json::parse(got->body);
  EXPECT_EQ(body["error"], "timeout");
  EXPECT_TRUE(body.contains("details"));  // the route's AutoArr dialect
  EXPECT_TRUE(req->cancel.stop_requested());
  EXPECT_EQ(pipeline_->in_flight(), 0u);
  // The handler finishing later is harmless: the request is still alive.
  gate_->complete(7);
  EXPECT_EQ(got->status, 504);
}

TEST_F(PipelineTest, AHandlerThatAnswersInTimeCancelsItsDeadline) {
  std::optional<http::Response> got;
  pipeline_->handle(std::make_shared<http::Request>(make(http::Method::get, "/api/waits")))
      .start(nullptr, [&](std::optional<http::Response> r, std::exception_ptr) { got = std::move(r); });
  EXPECT_EQ(timers_.pending(), 1u);
  gate_->complete(7);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(got->body, "7");
  EXPECT_EQ(timers_.pending(), 0u);
}

TEST_F(PipelineTest, AWebSocketRouteWithoutUpgradeIsAnswered426Once) {
  auto r = call(http::Method::get, "/api/socket");
  EXPECT_EQ(r.status, 426);
  EXPECT_FALSE(r.upgrade);
  EXPECT_EQ(r.headers.get("Upgrade").value_or(""), "websocket");
  auto text = metrics_.render();
  EXPECT_NE(text.find("status=\"426\""), std::string::npos);
  EXPECT_EQ(text.find("status=\"101\""), std::string::npos);
}

TEST_F(PipelineTest, TransferCodingsOtherThanChunkedAre501) {
  auto req = make(http::Method::get, "/api/items/1");
  req.headers.add("Transfer-Encoding", "gzip, chunked");
  EXPECT_EQ(handle(req).status, 501);
  auto ok = make(http::Method::get, "/api/items/1");
  ok.headers.add("Transfer-Encoding", "Chunked");
  EXPECT_EQ(handle(ok).status, 200);
}

TEST_F(PipelineTest, ServerErrorsAreCountedWithTheirOwnStatusAndARequestId) {
  http::Request req;
  req.method = http::Method::post;
  req.target = "/api/items/1";
  req.path = "/api/items/1";
  auto res = pipeline_->server_error(req, Error{ErrorCode::invalid_request, "headers too large"}, 431);
  EXPECT_EQ(res.status, 431);
  EXPECT_FALSE(req.request_id.empty());
  EXPECT_EQ(res.headers.get("X-Request-Id").value_or(""), req.request_id);
  auto text = metrics_.render();
  EXPECT_NE(text.find("status=\"431\""), std::string::npos);
  EXPECT_NE(text.find("method=\"POST\""), std::string::npos);
}

TEST_F(PipelineTest, ErrorDialectFollowsThePath) {
  auto v1 = call(http::Method::get, "/api/v1/things/1");
  EXPECT_EQ(v1.status, 503);
  auto body = nlohmann::json::parse(v1.body);
  EXPECT_EQ(body["error"], "service_unavailable");
  EXPECT_EQ(body["details"]["service"], "sonarr");
  auto dash = nlohmann::json::parse(call(http::Method::get, "/api/items/missing").body);
  EXPECT_EQ(dash["error"], "not_found");
  EXPECT_FALSE(dash.contains("details"));
}

// What Sonarr's TorznabRssParser makes of each refusal (reference §6):
// code 100-199 is "Invalid API key"; "Missing parameter" on a URL without
// apikey= is "Indexer requires an API key"; "Request limit reached" backs off.
struct NewznabError {
  int status = 0, code = 0;
  std::string description, content_type;
};
NewznabError newznab_error(const http::Response& r) {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(r.body.c_str())) << r.body;
  auto e = doc.child("error");
  EXPECT_TRUE(e) << r.body;
  return {r.status, e.attribute("code").as_int(), e.attribute("description").value(), r.content_type};
}

TEST_F(PipelineTest, NewznabRefusalsSayWhatTheArrParsersRecognise) {
  limiter_->configure("general", {100, std::chrono::seconds(60)});
  auto missing = newznab_error(call(http::Method::get, "/torznab/api?t=caps", ""));
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(missing.code, 200);
  EXPECT_EQ(missing.description, "Missing parameter");
  EXPECT_NE(missing.content_type.find("xml"), std::string::npos);

  auto wrong = newznab_error(call(http::Method::get, "/torznab/api?t=caps&apikey=wrong-key-wrong-key", ""));
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.code, 100);
  auto wrong_header = newznab_error(call(http::Method::get, "/torznab/api?t=caps", "wrong-key-wrong-key"));
  EXPECT_EQ(wrong_header.code, 100);

  EXPECT_EQ(call(http::Method::get, std::string("/torznab/api?t=caps&apikey=") + kKey, "").status, 200);

  auto unknown = newznab_error(call(http::Method::get, "/torznab/elsewhere"));
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.code, 300);
}

TEST_F(PipelineTest, NewznabRateLimitIsRequestLimitReachedWithRetryAfter) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(call(http::Method::get, "/torznab/api?t=caps").status, 200);
  auto res = call(http::Method::get, "/torznab/api?t=caps");
  auto limited = newznab_error(res);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.code, 500);
  EXPECT_EQ(limited.description, "Request limit reached");
  EXPECT_TRUE(res.headers.get("Retry-After"));
}

TEST_F(PipelineTest, NewznabLockoutIsRequestLimitReachedToo) {
  limiter_->configure("general", {100, std::chrono::seconds(60)});
  for (int i = 0; i < 5; ++i) call(http::Method::get, "/torznab/api?t=caps", "bad-key-bad-key-bad");
  auto res = call(http::Method::get, "/torznab/api?t=caps");
  auto banned = newznab_error(res);
  EXPECT_EQ(banned.status, 429);
  EXPECT_EQ(banned.description, "Request limit reached");
  EXPECT_TRUE(res.headers.get("Retry-After"));
}

TEST_F(PipelineTest, AMissingKeyNamesTheParameterInTheJsonDialectsToo) {
  auto body = nlohmann::json::parse(call(http::Method::get, "/api/v1/things/1", "").body);
  EXPECT_EQ(body["error"], "unauthorized");
  EXPECT_EQ(body["details"]["missing"], "apikey");
}

TEST_F(PipelineTest, LockoutAfterFiveWrongKeysRefusesEvenTheRightKey) {
  limiter_->configure("general", {100, std::chrono::seconds(60)});  // the lockout, not the anonymous budget
  for (int i = 0; i < 5; ++i) EXPECT_EQ(call(http::Method::get, "/api/items/1", "bad-key-bad-key-bad").status, 401);
  auto banned = call(http::Method::get, "/api/items/1");
  EXPECT_EQ(banned.status, 429);
  EXPECT_EQ(call(http::Method::get, "/api/items/1", kKey, "10.0.0.2").status, 200);  // other address
  clock_.advance(std::chrono::seconds(601));
  EXPECT_EQ(call(http::Method::get, "/api/items/1").status, 200);
}

TEST_F(PipelineTest, ClientRequestIdIsEchoedOnlyWhenSafe) {
  http::Request req;
  req.path = "/healthz";
  req.headers.add("X-Request-Id", "abc-123");
  EXPECT_EQ(handle(req).headers.get("X-Request-Id").value_or(""), "abc-123");
  http::Request evil;
  evil.path = "/healthz";
  evil.headers.add("X-Request-Id", "bad\r\nSet-Cookie: x");
  EXPECT_NE(handle(evil).headers.get("X-Request-Id").value_or(""), "bad\r\nSet-Cookie: x");
}

TEST_F(PipelineTest, MetricsUseTheRoutePatternNotTheRawPath) {
  call(http::Method::get, "/api/items/12345");
  call(http::Method::get, "/api/zzz-unknown");
  auto text = metrics_.render();
  EXPECT_NE(text.find("route=\"/api/items/{id}\""), std::string::npos);
  EXPECT_EQ(text.find("12345"), std::string::npos);
  EXPECT_EQ(text.find("zzz-unknown"), std::string::npos);
}

TEST(RedactedTarget, HidesSecretQueryValues) {
  http::Request req;
  ASSERT_TRUE(http::parse_target("/ws/a?apikey=s3cret&since=4&token=t0k", req.path, req.query));
  EXPECT_EQ(redacted_target(req), "/ws/a?apikey=REDACTED&since=4&token=REDACTED");
}

}  // namespace
}  // namespace helmarr::api
