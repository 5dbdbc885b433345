#pragma once
// GET /api/stats (dashboard seed), from maintained counters, never a scan:
//   {"totalTorrents", "totalReleases", "totalEvidence", "dhtPeerCount",
//    "indexerThroughput", "cacheHitRatio", "uptimeSeconds", "lastCrawlAt",
//    "categoryBreakdown": {content_type: count}}
#include <chrono>

#include "core/clock.h"
#include "http/router.h"
#include "library/library.h"
#include "library/throughput_meter.h"

namespace helmarr::api::dashboard {

class StatsController {
 public:
  // `started`: when the process started (clock.now() then), for uptimeSeconds.
  StatsController(library::Library& library, const library::ThroughputMeter& throughput, const Clock& clock,
                  std::chrono::steady_clock::time_point started)
      : library_(library), throughput_(throughput), clock_(clock), started_(started) {}
  void register_routes(http::Router& router);

 private:
  library::Library& library_;
  const library::ThroughputMeter& throughput_;
  const Clock& clock_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace helmarr::api::dashboard
