#include "api/dashboard/stats_controller.h"

#include <cmath>

#include "api/json_body.h"

namespace helmarr::api::dashboard {

void StatsController::register_routes(http::Router& router) {
  // The counters are rows in the database: the worker pool reads them.
  const http::RoutePolicy opts{.dialect = http::ErrorDialect::dashboard, .rate_category = "general",
                               .execution = http::Execution::blocking};

  router.add(http::Method::get, "/api/stats", [this](http::Request&) -> Result<http::Response> {
    auto counts = library_.counts();
    if (!counts) return tl::unexpected(counts.error());
    nlohmann::json breakdown = nlohmann::json::object();
    for (const auto& [type, n] : counts->by_content_type) breakdown[type] = n;
    const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(clock_.now() - started_).count();
    // Two decimals: a rate, not a measurement to the last torrent.
    const double throughput = std::round(throughput_.per_second() * 100) / 100;
    return json_response(200, {
        {"totalTorrents", counts->torrents},
        {"totalReleases", counts->releases},
        // Evidence (*arr webhooks) and the DHT crawler are later issues:
        // until they exist there is nothing to count, and no crawl happened.
        {"totalEvidence", 0},
        {"dhtPeerCount", 0},
        {"indexerThroughput", throughput},
        // Helmarr has no cache yet (searches go to the database every time);
        // the ratio is 0 until one exists and counts its hits.
        {"cacheHitRatio", 0.0},
        {"uptimeSeconds", uptime < 0 ? 0 : uptime},
        {"lastCrawlAt", nullptr},
        {"categoryBreakdown", std::move(breakdown)},
    });
  }, opts);
}

}  // namespace helmarr::api::dashboard
