// GET /api/jobs and POST /api/jobs/{name}/run on a router: the routes'
// policy (API key, rate category) and what the handlers answer. Mapping an
// Error to its status and dialect is the pipeline's, tested there.
#include "api/dashboard/jobs_controller.h"

#include <gtest/gtest.h>

#include "support/test_executors.h"

#include "core/clock.h"
#include "core/timer_service.h"

namespace helmarr::api {
namespace {

using testing::InlineExecutor;

class JobsControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The job waits until the test releases it, so a second run finds it running.
    ASSERT_TRUE(scheduler_.add({.name = "sonarr_poll", .description = "Polls Sonarr",
                                .interval = std::chrono::minutes(5), .jitter = 0,
                                .body = [this](std::stop_token) -> Task<Result<void>> {
                                  ++runs_;
                                  return wait_for(gate_);
                                }}));
    controller_.register_routes(router_);
  }
  void TearDown() override { gate_->complete(true); }

  static Task<Result<void>> wait_for(std::shared_ptr<Completion<bool>> gate) {
    co_await gate->wait();
    co_return Result<void>{};
  }

  Result<http::Response> call(http::Method m, const std::string& path) {
    auto match = router_.match(m, path);
    EXPECT_TRUE(match.route) << path;
    if (!match.route) return fail(ErrorCode::not_found, "no route");
    http::Request req;
    req.method = m;
    req.path = path;
    req.params = match.params;
    return match.route->handler(req);
  }

  ManualClock clock_;
  ManualTimers timers_{clock_};
  InlineExecutor executor_;
  system::Scheduler scheduler_{timers_, executor_, clock_, 1};
  std::shared_ptr<Completion<bool>> gate_ = std::make_shared<Completion<bool>>();
  int runs_ = 0;
  dashboard::JobsController controller_{scheduler_};  // its routes call back into it
  http::Router router_;
};

TEST_F(JobsControllerTest, BothRoutesNeedTheApiKeyAndAreRateLimited) {
  for (auto [m, path] : {std::pair{http::Method::get, "/api/jobs"}, std::pair{http::Method::post, "/api/jobs/x/run"}}) {
    auto match = router_.match(m, path);
    ASSERT_TRUE(match.route) << path;
    EXPECT_EQ(match.route->policy.access, http::Access::api_key) << path;
    EXPECT_EQ(match.route->policy.rate_category, "general") << path;
  }
}

TEST_F(JobsControllerTest, ListsTheJobs) {
  scheduler_.start();
  auto r = call(http::Method::get, "/api/jobs");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  auto body = nlohmann::json::parse(r->body);
  ASSERT_EQ(body["jobs"].size(), 1u);
  const auto& job = body["jobs"][0];
  EXPECT_EQ(job["name"], "sonarr_poll");
  EXPECT_EQ(job["description"], "Polls Sonarr");
  EXPECT_EQ(job["interval_ms"], 300000);
  EXPECT_EQ(job["next_run"], iso8601(clock_.wall() + std::chrono::minutes(5)));
  EXPECT_EQ(job["running"], false);
  EXPECT_TRUE(job["last_outcome"].is_null());
}

TEST_F(JobsControllerTest, RunStartsOnceThenConflictsAndUnknownIsNotFound) {
  auto started = call(http::Method::post, "/api/jobs/sonarr_poll/run");
  ASSERT_TRUE(started);
  EXPECT_EQ(started->status, 202);
  EXPECT_EQ(nlohmann::json::parse(started->body), (nlohmann::json{{"started", true}}));
  EXPECT_EQ(runs_, 1);

  auto again = call(http::Method::post, "/api/jobs/sonarr_poll/run");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_NE(again.error().message.find("already running"), std::string::npos);
  EXPECT_EQ(runs_, 1);
  EXPECT_EQ(nlohmann::json::parse(call(http::Method::get, "/api/jobs")->body)["jobs"][0]["running"], true);

  auto unknown = call(http::Method::post, "/api/jobs/nope/run");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::not_found);
}

}  // namespace
}  // namespace helmarr::api
