#include "system/metrics.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <exception>
#include <fstream>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>
#include <spdlog/spdlog.h>

namespace helmarr::system {

namespace {

// Methods are labels too: anything a client invents is folded into "OTHER" so
// label cardinality stays bounded.
std::string_view method_label(std::string_view method) {
  static constexpr std::array<std::string_view, 9> known = {"GET",   "HEAD",    "POST",  "PUT",    "DELETE",
                                                            "PATCH", "OPTIONS", "TRACE", "CONNECT"};
  for (auto m : known) {
    if (m == method) return m;
  }
  return "OTHER";
}

const prometheus::Histogram::BucketBoundaries& duration_buckets() {
  static const prometheus::Histogram::BucketBoundaries b = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                            0.1,    0.25,  0.5,    1,     2.5,  5};
  return b;
}

// Upstream calls take longer than serving a request: up to the 30 s default timeout.
const prometheus::Histogram::BucketBoundaries& upstream_buckets() {
  static const prometheus::Histogram::BucketBoundaries b = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                            0.5,   1,    2.5,   5,    10,  30};
  return b;
}

std::string status_label(int status) {
  return status >= 100 && status <= 599 ? std::to_string(status) : "none";
}

std::string kind_label(std::string_view kind) {
  const bool word = !kind.empty() && kind.size() <= 32 &&
                    std::all_of(kind.begin(), kind.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
  return word ? std::string(kind) : "other";
}

}  // namespace

struct Metrics::Impl {
  struct Series {
    prometheus::Counter* requests;
    prometheus::Histogram* duration;
  };
  struct GaugeSource {
    prometheus::Gauge* gauge;
    std::function<double()> source;
  };

  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  prometheus::Family<prometheus::Counter>& requests =
      prometheus::BuildCounter()
          .Name("helmarr_http_requests_total")
          .Help("HTTP requests served, by method, route pattern and status.")
          .Register(*registry);
  prometheus::Family<prometheus::Histogram>& duration =
      prometheus::BuildHistogram()
          .Name("helmarr_http_request_duration_seconds")
          .Help("Time to serve an HTTP request, by method, route pattern and status.")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& upstream_requests =
      prometheus::BuildCounter()
          .Name("helmarr_upstream_requests_total")
          .Help("Outbound requests to upstream services, by upstream and status (none: no response).")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& upstream_errors =
      prometheus::BuildCounter()
          .Name("helmarr_upstream_errors_total")
          .Help("Outbound requests that failed without a response, by upstream and error kind.")
          .Register(*registry);
  prometheus::Family<prometheus::Histogram>& upstream_duration =
      prometheus::BuildHistogram()
          .Name("helmarr_upstream_request_duration_seconds")
          .Help("Time an outbound request to an upstream took, by upstream.")
          .Register(*registry);
  prometheus::Gauge& rss = prometheus::BuildGauge()
                               .Name("helmarr_process_resident_memory_bytes")
                               .Help("Resident set size of the process.")
                               .Register(*registry)
                               .Add({});
  prometheus::Gauge& uptime = prometheus::BuildGauge()
                                  .Name("helmarr_uptime_seconds")
                                  .Help("Seconds since the process started serving metrics.")
                                  .Register(*registry)
                                  .Add({});
  const std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

  std::mutex mu;
  // Key: method '\0' route '\0' status. The pointers stay valid for the
  // registry's lifetime (families never remove metrics here).
  std::unordered_map<std::string, Series> series;
  std::unordered_map<std::string, GaugeSource> gauges;
  // Keyed like series; the families hand back the same metric for the same
  // labels, the maps only spare the label hashing under the lock.
  std::unordered_map<std::string, prometheus::Counter*> upstream_request_series;
  std::unordered_map<std::string, prometheus::Counter*> upstream_error_series;
  std::unordered_map<std::string, prometheus::Histogram*> upstream_duration_series;
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {}
Metrics::~Metrics() = default;

void Metrics::observe_request(const std::string& method, const std::string& route, int status, double seconds) {
  const std::string_view m = method_label(method);
  const std::string status_text = std::to_string(status);
  std::string key;
  key.reserve(m.size() + route.size() + status_text.size() + 2);
  key.append(m).push_back('\0');
  key.append(route).push_back('\0');
  key.append(status_text);

  Impl::Series s{};
  {
    std::lock_guard lock(impl_->mu);
    auto it = impl_->series.find(key);
    if (it == impl_->series.end()) {
      const std::string method_text(m);
      Impl::Series created{
          &impl_->requests.Add({{"method", method_text}, {"route", route}, {"status", status_text}}),
          &impl_->duration.Add({{"method", method_text}, {"route", route}, {"status", status_text}},
                               duration_buckets()),
      };
      it = impl_->series.emplace(std::move(key), created).first;
    }
    s = it->second;
  }
  // Both are internally thread-safe.
  s.requests->Increment();
  s.duration->Observe(seconds);
}

void Metrics::observe_upstream(const std::string& upstream, int status, std::string_view error_kind, double seconds) {
  const std::string status_text = status_label(status);
  prometheus::Counter* requests = nullptr;
  prometheus::Counter* errors = nullptr;
  prometheus::Histogram* duration = nullptr;
  {
    std::lock_guard lock(impl_->mu);
    auto& r = impl_->upstream_request_series[upstream + '\0' + status_text];
    if (!r) r = &impl_->upstream_requests.Add({{"upstream", upstream}, {"status", status_text}});
    requests = r;
    auto& d = impl_->upstream_duration_series[upstream];
    if (!d) d = &impl_->upstream_duration.Add({{"upstream", upstream}}, upstream_buckets());
    duration = d;
    if (!error_kind.empty()) {
      const std::string kind = kind_label(error_kind);
      auto& e = impl_->upstream_error_series[upstream + '\0' + kind];
      if (!e) e = &impl_->upstream_errors.Add({{"upstream", upstream}, {"kind", kind}});
      errors = e;
    }
  }
  requests->Increment();
  duration->Observe(seconds);
  if (errors) errors->Increment();
}

void Metrics::set_gauge_source(const std::string& name, const std::string& help, std::function<double()> source) {
  std::lock_guard lock(impl_->mu);
  auto it = impl_->gauges.find(name);
  if (it != impl_->gauges.end()) {
    it->second.source = std::move(source);  // re-registration replaces the source
    return;
  }
  auto& gauge = prometheus::BuildGauge().Name(name).Help(help).Register(*impl_->registry).Add({});
  impl_->gauges.emplace(name, Impl::GaugeSource{&gauge, std::move(source)});
}

std::string Metrics::render() {
  impl_->rss.Set(static_cast<double>(process_rss_bytes()));
  impl_->uptime.Set(std::chrono::duration<double>(std::chrono::steady_clock::now() - impl_->started).count());

  std::vector<std::pair<std::string, Impl::GaugeSource>> gauges;
  {
    std::lock_guard lock(impl_->mu);
    gauges.assign(impl_->gauges.begin(), impl_->gauges.end());
  }
  // Sources run outside our mutex: they may take their own locks.
  for (auto& [name, g] : gauges) {
    if (!g.source) continue;
    try {
      g.gauge->Set(g.source());
    } catch (const std::exception& e) {
      spdlog::warn("metrics gauge {} failed: {}", name, e.what());
    }
  }

  return prometheus::TextSerializer().Serialize(impl_->registry->Collect());
}

std::int64_t process_rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::int64_t size = 0;
  std::int64_t resident = 0;
  if (!(statm >> size >> resident)) return 0;
  const long page = ::sysconf(_SC_PAGESIZE);
  return resident * (page > 0 ? page : 4096);
}

}  // namespace helmarr::system
