// GET /api/stats against the real library: every field of the seed with its
// type, the library's counters, uptime from the clock, throughput from the
// meter the write path feeds (the meter itself: tests/library).
#include "api/dashboard/stats_controller.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "support/library_fixture.h"
#include "support/route_call.h"

#include "library/throughput_meter.h"

namespace helmarr::api {
namespace {

using testing::call_route;

std::vector<library::ImportRecord> records(int first, int count, const std::vector<std::string>& names) {
  std::vector<library::ImportRecord> out;
  for (int i = first; i < first + count; ++i) {
    library::ImportRecord r;
    r.info_hash = *torrent::parse_info_hash_hex(fmt::format("{:040x}", 0xcd00 + i));
    r.name = fmt::format(fmt::runtime(names[static_cast<std::size_t>(i) % names.size()]), i);
    r.source = "import";
    r.size = 1'000'000'000;
    out.push_back(std::move(r));
  }
  return out;
}

class StatsControllerTest : public ::testing::Test {
 protected:
  void SetUp() override { controller_.register_routes(router_); }
  testing::CallResult stats() { return call_route(router_, http::Method::get, "/api/stats"); }

  testing::LibraryFixture lib_;
  library::ThroughputMeter meter_{lib_.clock};
  std::unique_ptr<library::Library> metered_ = library::metered(*lib_.library, meter_);
  dashboard::StatsController controller_{*metered_, meter_, lib_.clock, lib_.clock.now()};
  http::Router router_;
};

TEST_F(StatsControllerTest, RouteNeedsTheKeyAndRunsOnThePool) {
  auto match = router_.match(http::Method::get, "/api/stats");
  ASSERT_TRUE(match.route);
  EXPECT_EQ(match.route->policy.access, http::Access::api_key);
  EXPECT_EQ(match.route->policy.dialect, http::ErrorDialect::dashboard);
  EXPECT_EQ(match.route->policy.execution, http::Execution::blocking);
}

TEST_F(StatsControllerTest, EveryFieldOfTheSeedWithItsType_EmptyLibrary) {
  auto r = stats();
  ASSERT_EQ(r.status, 200) << r.text;
  const auto& s = r.body;
  EXPECT_EQ(s.size(), 9u) << s.dump();
  for (const char* k : {"totalTorrents", "totalReleases", "totalEvidence", "dhtPeerCount", "uptimeSeconds"}) {
    ASSERT_TRUE(s.contains(k)) << k;
    EXPECT_TRUE(s[k].is_number_integer()) << k << " " << s[k];
    EXPECT_EQ(s[k], 0) << k;
  }
  for (const char* k : {"indexerThroughput", "cacheHitRatio"}) {
    ASSERT_TRUE(s.contains(k)) << k;
    EXPECT_TRUE(s[k].is_number()) << k;
    EXPECT_EQ(s[k].get<double>(), 0.0) << k;
  }
  ASSERT_TRUE(s.contains("lastCrawlAt"));
  EXPECT_TRUE(s["lastCrawlAt"].is_null()) << "no crawler yet";
  ASSERT_TRUE(s.contains("categoryBreakdown"));
  EXPECT_TRUE(s["categoryBreakdown"].is_object());
  EXPECT_TRUE(s["categoryBreakdown"].empty());
}

TEST_F(StatsControllerTest, TotalsAndBreakdownFollowTheLibrary) {
  // Three movies and two episodes.
  auto movies = records(0, 3, {"Some.Movie.Title.{}.2019.1080p.BluRay.x264-GRP"});
  auto shows = records(3, 2, {"Some.Show.S01E{:02}.1080p.WEB.h264-GRP"});
  ASSERT_TRUE(metered_->upsert(movies));
  ASSERT_TRUE(metered_->upsert(shows));
  auto r = stats();
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_EQ(r.body["totalTorrents"], 5);
  EXPECT_EQ(r.body["totalReleases"], 5);
  EXPECT_EQ(r.body["categoryBreakdown"], nlohmann::json({{"movie", 3}, {"tv_show", 2}}));
  // Upserting the same torrents again changes no total.
  ASSERT_TRUE(metered_->upsert(movies));
  EXPECT_EQ(stats().body["totalTorrents"], 5);
}

TEST_F(StatsControllerTest, UptimeIsSinceTheStartOnTheClock) {
  lib_.clock.advance(std::chrono::seconds(90) + std::chrono::milliseconds(700));
  EXPECT_EQ(stats().body["uptimeSeconds"], 90);
}

TEST_F(StatsControllerTest, ThroughputIsWhatTheWritePathRecorded) {
  lib_.clock.advance(std::chrono::seconds(59));  // the meter's window is full: rates are per 60 s
  ASSERT_TRUE(metered_->upsert(records(0, 30, {"Movie.Number.{}.2020.720p.WEB.x264-GRP"})));
  ASSERT_TRUE(metered_->upsert(records(30, 30, {"Movie.Number.{}.2020.720p.WEB.x264-GRP"})));
  EXPECT_DOUBLE_EQ(stats().body["indexerThroughput"].get<double>(), 1.0);  // 60 torrents / 60 s
  ASSERT_TRUE(metered_->upsert(records(0, 30, {"Movie.Number.{}.2020.720p.WEB.x264-GRP"})));  // updates count too
  EXPECT_DOUBLE_EQ(stats().body["indexerThroughput"].get<double>(), 1.5);
  lib_.clock.advance(std::chrono::seconds(60));
  EXPECT_DOUBLE_EQ(stats().body["indexerThroughput"].get<double>(), 0.0);
}

}  // namespace
}  // namespace helmarr::api
