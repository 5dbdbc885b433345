// The request pipeline with real services (in-memory SQLite, real
// authenticator, limiter and metrics) and a manual clock.
#include "api/pipeline.h"

#include <gtest/gtest.h>

#include "api/error_response.h"
#include "core/clock.h"
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
    }, {.is_public = true});
    router_.add(http::Method::get, "/api/items/{id}", [](http::Request& req) -> Result<http::Response> {
      if (req.param("id") == "missing") return fail(ErrorCode::not_found, "no item missing");
      return http::Response::json(200, nlohmann::json{{"id", req.param("id")}, {"who", req.identity->id}}.dump());
    }, {.rate_category = "general"});
    router_.add(http::Method::get, "/api/v1/things/{id}", [](http::Request&) -> Result<http::Response> {
      return fail(ErrorCode::unavailable, "sonarr is down", {{"service", "sonarr"}});
    }, {.rate_category = "general"});
    pipeline_ = std::make_unique<Pipeline>(router_, *auth_, *limiter_, metrics_, clock_);
  }

  http::Response call(http::Method m, std::string target, std::string key = kKey, std::string addr = "10.0.0.1") {
    http::Request req;
    req.method = m;
    req.target = target;
    EXPECT_TRUE(http::parse_target(target, req.path, req.query));
    if (!key.empty()) req.headers.add("X-API-Key", key);
    req.remote_address = addr;
    return pipeline_->handle(req);
  }

  ManualClock clock_;
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
  EXPECT_EQ(pipeline_->handle(req).status, 200);
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

TEST_F(PipelineTest, AnonymousFloodsAreLimitedByAddress) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(call(http::Method::get, "/api/items/1", "", "10.9.9.9").status, 401);
  auto r = call(http::Method::get, "/api/items/1", "", "10.9.9.9");
  EXPECT_EQ(r.status, 401);  // auth refusal wins, but the bucket is empty
  EXPECT_EQ(r.headers.get("X-RateLimit-Remaining").value_or(""), "0");
  EXPECT_EQ(call(http::Method::get, "/api/items/1").status, 200);  // the key has its own bucket
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

TEST_F(PipelineTest, LockoutAfterFiveWrongKeysRefusesEvenTheRightKey) {
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
  EXPECT_EQ(pipeline_->handle(req).headers.get("X-Request-Id").value_or(""), "abc-123");
  http::Request evil;
  evil.path = "/healthz";
  evil.headers.add("X-Request-Id", "bad\r\nSet-Cookie: x");
  EXPECT_NE(pipeline_->handle(evil).headers.get("X-Request-Id").value_or(""), "bad\r\nSet-Cookie: x");
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
