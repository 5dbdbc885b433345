#pragma once
// A module is one vertical's wiring: its services, the controllers that
// expose them, its settings, its background jobs. App is the list of modules
// and the shared services they are built on; a module registers everything
// through this one small interface, so adding a vertical never edits App.
#include <string_view>
#include <vector>

#include "app/config.h"
#include "core/clock.h"
#include "core/event_bus.h"
#include "core/timer_service.h"
#include "core/worker_pool.h"
#include "http/router.h"
#include "media/classifier.h"
#include "net/curl_engine.h"
#include "store/database.h"
#include "store/migrations.h"
#include "system/metrics.h"
#include "system/rate_limiter.h"
#include "system/settings.h"

namespace helmarr::system {
class Authenticator;
class Scheduler;
}  // namespace helmarr::system

namespace helmarr::app {

// The shared services a module may build on, wired once by App.
struct ModuleContext {
  const Config& config;
  const Clock& clock;
  store::Database& db;
  EventBus& bus;
  system::SettingsService& settings;
  system::Metrics& metrics;
  system::RateLimiter& limiter;
  system::Authenticator& auth;
  WorkerPool& pool;
  TimerService& timers;
  system::Scheduler& scheduler;
  // The one outbound HTTP engine: a module asks it for a client per upstream
  // (net::ClientOptions{.upstream = "sonarr", .observer = &upstream_metrics}).
  net::CurlEngine& http;
  net::FetchObserver& upstream_metrics;
  // The classifier of the built-in rules plus the operator's file.
  const media::Classifier& classifier;
};

class Module {
 public:
  virtual ~Module() = default;
  virtual std::string_view name() const = 0;
  // In this order, for every module: its migrations (numbered from 1, kept
  // per module and per dialect), settings (all are defined before the stored
  // overrides are loaded), then routes, then jobs.
  virtual std::vector<store::Migration> migrations(store::Dialect /*dialect*/) const { return {}; }
  virtual void define_settings(system::SettingsService& /*settings*/) {}
  virtual void register_routes(http::Router& /*router*/) {}
  virtual void register_jobs(system::Scheduler& /*scheduler*/) {}
};

}  // namespace helmarr::app
