#include "system/metrics.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace helmarr::system {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(Metrics, RequestCounterCarriesTheRouteLabel) {
  Metrics m;
  m.observe_request("GET", "/api/wants/{id}", 200, 0.003);
  m.observe_request("GET", "/api/wants/{id}", 200, 0.2);
  m.observe_request("POST", "/api/wants", 201, 0.01);
  const std::string text = m.render();
  EXPECT_THAT(text, HasSubstr("# TYPE helmarr_http_requests_total counter"));
  EXPECT_THAT(text, HasSubstr(R"(helmarr_http_requests_total{method="GET",route="/api/wants/{id}",status="200"} 2)"));
  EXPECT_THAT(text, HasSubstr(R"(helmarr_http_requests_total{method="POST",route="/api/wants",status="201"} 1)"));
}

TEST(Metrics, DurationHistogramHasTheBuckets) {
  Metrics m;
  m.observe_request("GET", "/api/wants/{id}", 200, 0.003);
  m.observe_request("GET", "/api/wants/{id}", 404, 0.2);
  const std::string text = m.render();
  EXPECT_THAT(text, HasSubstr("# TYPE helmarr_http_request_duration_seconds histogram"));
  // One series per (method, route, status): latency by route and status.
  const std::string ok =
      R"(helmarr_http_request_duration_seconds_bucket{method="GET",route="/api/wants/{id}",status="200",le=")";
  const std::string missing =
      R"(helmarr_http_request_duration_seconds_bucket{method="GET",route="/api/wants/{id}",status="404",le=")";
  EXPECT_THAT(text, HasSubstr(ok + R"(0.0005"} 0)"));
  EXPECT_THAT(text, HasSubstr(ok + R"(0.005"} 1)"));
  EXPECT_THAT(text, HasSubstr(ok + R"(+Inf"} 1)"));
  EXPECT_THAT(text, HasSubstr(missing + R"(0.1"} 0)"));
  EXPECT_THAT(text, HasSubstr(missing + R"(0.25"} 1)"));
  EXPECT_THAT(text, HasSubstr(missing + R"(+Inf"} 1)"));
  EXPECT_THAT(text, HasSubstr(
                        R"(helmarr_http_request_duration_seconds_count{method="GET",route="/api/wants/{id}",status="404"} 1)"));
}

TEST(Metrics, UnknownMethodsAreFolded) {
  Metrics m;
  m.observe_request("FROBNICATE", "unmatched", 405, 0.001);
  const std::string text = m.render();
  EXPECT_THAT(text, HasSubstr(R"(helmarr_http_requests_total{method="OTHER",route="unmatched",status="405"} 1)"));
  EXPECT_THAT(text, Not(HasSubstr("FROBNICATE")));
}

TEST(Metrics, GaugeSourceIsReadAtScrapeTime) {
  Metrics m;
  double depth = 42;
  m.set_gauge_source("helmarr_test_queue_depth", "Items waiting.", [&] { return depth; });
  std::string text = m.render();
  EXPECT_THAT(text, HasSubstr("# HELP helmarr_test_queue_depth Items waiting."));
  EXPECT_THAT(text, HasSubstr("helmarr_test_queue_depth 42\n"));
  depth = 7;
  EXPECT_THAT(m.render(), HasSubstr("helmarr_test_queue_depth 7\n"));
  m.set_gauge_source("helmarr_test_queue_depth", "Items waiting.", [] { return 3.0; });  // replaces
  EXPECT_THAT(m.render(), HasSubstr("helmarr_test_queue_depth 3\n"));
}

TEST(Metrics, ProcessGaugesArePresent) {
  Metrics m;
  const std::string text = m.render();
  EXPECT_THAT(text, HasSubstr("# TYPE helmarr_process_resident_memory_bytes gauge"));
  EXPECT_THAT(text, HasSubstr("# TYPE helmarr_uptime_seconds gauge"));
  EXPECT_THAT(text, Not(HasSubstr("helmarr_process_resident_memory_bytes 0\n")));
}

TEST(Metrics, UpstreamRequestsAreCountedByUpstreamAndStatus) {
  Metrics m;
  m.observe_upstream("sonarr", 200, "", 0.02);
  m.observe_upstream("sonarr", 200, "", 0.03);
  m.observe_upstream("sonarr", 404, "", 0.01);
  m.observe_upstream("qbittorrent", 0, "connect", 0.001);
  const std::string text = m.render();
  EXPECT_THAT(text, HasSubstr("# TYPE helmarr_upstream_requests_total counter"));
  EXPECT_THAT(text, HasSubstr(R"(helmarr_upstream_requests_total{status="200",upstream="sonarr"} 2)"));
  EXPECT_THAT(text, HasSubstr(R"(helmarr_upstream_requests_total{status="404",upstream="sonarr"} 1)"));
  EXPECT_THAT(text, HasSubstr(R"(helmarr_upstream_requests_total{status="none",upstream="qbittorrent"} 1)"));
}

TEST(Metrics, UpstreamErrorsAreCountedByKind) {
  Metrics m;
  m.observe_upstream("plex", 0, "timeout", 1.5);
  m.observe_upstream("plex", 0, "timeout", 1.5);
  m.observe_upstream("plex", 0, "tls", 0.1);
  m.observe_upstream("plex", 200, "", 0.1);
  m.observe_upstream("plex", 0, "Weird Kind!", 0.1);
  const std::string text = m.render();
  EXPECT_THAT(text, HasSubstr("# TYPE helmarr_upstream_errors_total counter"));
  EXPECT_THAT(text, HasSubstr(R"(helmarr_upstream_errors_total{kind="timeout",upstream="plex"} 2)"));
  EXPECT_THAT(text, HasSubstr(R"(helmarr_upstream_errors_total{kind="tls",upstream="plex"} 1)"));
  EXPECT_THAT(text, HasSubstr(R"(helmarr_upstream_errors_total{kind="other",upstream="plex"} 1)"));
  EXPECT_THAT(text, Not(HasSubstr("Weird")));
  EXPECT_THAT(text, Not(HasSubstr(R"(kind="")")));
}

TEST(Metrics, UpstreamLatencyHistogramPerUpstream) {
  Metrics m;
  m.observe_upstream("tmdb", 200, "", 0.03);
  m.observe_upstream("tmdb", 0, "timeout", 20);
  const std::string text = m.render();
  EXPECT_THAT(text, HasSubstr("# TYPE helmarr_upstream_request_duration_seconds histogram"));
  const std::string b = R"(helmarr_upstream_request_duration_seconds_bucket{upstream="tmdb",le=")";
  EXPECT_THAT(text, HasSubstr(b + R"(0.025"} 0)"));
  EXPECT_THAT(text, HasSubstr(b + R"(0.05"} 1)"));
  EXPECT_THAT(text, HasSubstr(b + R"(10"} 1)"));
  EXPECT_THAT(text, HasSubstr(b + R"(30"} 2)"));
  EXPECT_THAT(text, HasSubstr(R"(helmarr_upstream_request_duration_seconds_count{upstream="tmdb"} 2)"));
}

TEST(Metrics, ResidentMemoryIsPositive) {
  EXPECT_GT(process_rss_bytes(), 0);
}

}  // namespace
}  // namespace helmarr::system
