#pragma once
// Prometheus metrics, served by our own /metrics route as text 0.0.4.
// prometheus-cpp core only: no civetweb exposer.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace helmarr::system {

class Metrics {
 public:
  Metrics();
  ~Metrics();

  // route is the pattern ("/api/wants/{id}"), never the raw path, so label
  // cardinality stays bounded; unmatched requests use "unmatched".
  void observe_request(const std::string& method, const std::string& route, int status, double seconds);
  // One outbound fetch to an upstream service (the app forwards
  // net::FetchObserver::on_fetch here; system does not depend on net).
  // status 0: no response; error_kind "": success. Labels stay bounded:
  // statuses outside 100..599 and kinds that are not short snake_case words
  // are folded into "none" and "other".
  void observe_upstream(const std::string& upstream, int status, std::string_view error_kind, double seconds);
  // Gauges read at scrape time.
  void set_gauge_source(const std::string& name, const std::string& help, std::function<double()> source);
  // helmarr_http_requests_total, helmarr_http_request_duration_seconds,
  // helmarr_upstream_requests_total, helmarr_upstream_errors_total,
  // helmarr_upstream_request_duration_seconds,
  // helmarr_process_resident_memory_bytes, helmarr_uptime_seconds, plus the gauges.
  std::string render();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Resident set size of this process in bytes, from /proc/self/statm.
std::int64_t process_rss_bytes();

}  // namespace helmarr::system
