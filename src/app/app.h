#pragma once
// Wiring: the shared services every module builds on, and the list of
// modules. The one place that knows all the concrete types.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/config.h"
#include "app/module.h"
#include "app/upstream_metrics.h"
#include "core/clock.h"
#include "core/event_bus.h"
#include "core/timer_service.h"
#include "core/worker_pool.h"
#include "http/router.h"
#include "http/server.h"
#include "library/library.h"
#include "media/classifier.h"
#include "store/database.h"
#include "store/secret_repository.h"
#include "store/settings_repository.h"
#include "system/auth.h"
#include "system/metrics.h"
#include "system/rate_limiter.h"
#include "system/scheduler.h"
#include "system/settings.h"

namespace helmarr::api {
class Pipeline;
namespace ws {
class EventHub;
}
}  // namespace helmarr::api

namespace helmarr::app {

class ClusterEvents;
class EventsModule;
class LibraryModule;

class App {
 public:
  // Opens (or, with in_memory, creates a throwaway) database, migrates it,
  // builds the modules and registers their settings and routes. Failures are
  // startup errors with a message that names what is wrong; configuration
  // mistakes carry ErrorCode::invalid_request (exit code 2).
  static Result<std::unique_ptr<App>> create(const Config& config, bool in_memory = false);
  ~App();

  // The API key generated on first start, to be printed once; empty otherwise.
  const std::optional<std::string>& generated_api_key() const { return generated_key_; }

  const Config& config() const { return config_; }
  http::Router& router() { return router_; }
  api::Pipeline& pipeline() { return *pipeline_; }
  system::ApiKeyStore& api_keys() { return *keys_; }
  system::SettingsService& settings() { return *settings_; }
  EventBus& bus() { return bus_; }
  api::ws::EventHub& hub();
  system::Metrics& metrics() { return metrics_; }
  store::Database& database() { return *db_; }
  const media::Classifier& classifier() const { return *classifier_; }
  // The torrent library (the library module's), for the CLI commands.
  library::Library& library();
  WorkerPool& pool() { return *pool_; }
  TimerService& timers() { return *timers_; }
  const std::vector<std::unique_ptr<Module>>& modules() const { return modules_; }

  // Adds a module after the built-in ones (tests, benchmarks); only before
  // the server starts. Its settings are defined and its routes mounted and
  // checked at once.
  Result<void> add_module(std::unique_ptr<Module> module);
  ModuleContext module_context();
  // What the HTTP server calls: admission, the response task, server errors.
  http::ServerHandlers server_handlers();
  system::Scheduler& scheduler() { return *scheduler_; }
  // Events from the other processes on the database; null on SQLite.
  ClusterEvents* cluster_events() { return cluster_events_.get(); }
  net::CurlEngine& http() { return *http_; }

 private:
  explicit App(Config config);
  Result<void> build_modules();
  Result<void> migrate_module(Module& module);

  Config config_;
  const Clock& clock_ = SystemClock::instance();
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<media::Classifier> classifier_;
  std::unique_ptr<store::SettingsRepository> settings_repo_;
  std::unique_ptr<store::SecretRepository> secrets_;
  EventBus bus_;
  system::Metrics metrics_;
  std::unique_ptr<system::SettingsService> settings_;
  std::unique_ptr<system::ApiKeyStore> keys_;
  std::unique_ptr<system::Authenticator> auth_;
  std::unique_ptr<system::RateLimiter> limiter_;
  std::unique_ptr<api::Pipeline> pipeline_;
  http::Router router_;
  std::vector<std::unique_ptr<Module>> modules_;
  EventsModule* events_ = nullptr;
  LibraryModule* library_ = nullptr;
  // PostgreSQL only. After the modules: destroyed before the hub its
  // relayed events reach.
  std::unique_ptr<ClusterEvents> cluster_events_;
  std::optional<std::string> generated_key_;
  std::function<std::size_t()> websocket_clients_ = [] { return std::size_t{0}; };
  std::function<std::size_t()> connections_ = [] { return std::size_t{0}; };
  // Last: destroyed first, so no queued job or timer outlives the services
  // it calls.
  std::unique_ptr<TimerService> timers_;
  std::unique_ptr<WorkerPool> pool_;
  std::unique_ptr<UpstreamMetrics> upstream_metrics_;
  // Before the scheduler: destroyed after it, so no job outlives the engine;
  // its destructor ends what is still in flight as "cancelled".
  std::unique_ptr<net::CurlEngine> http_;
  std::unique_ptr<system::JobLease> lease_;  // outlives the scheduler that claims it
  // Stops (and waits for its runs) before the pool, timers and services
  // those runs use are destroyed.
  std::unique_ptr<system::Scheduler> scheduler_;

  friend int serve(const Config& config);
};

// The SQLite file of a data directory: what serve, import and search open.
std::string database_path(const Config& config);

// Runs the server until SIGTERM/SIGINT. Returns the process exit code.
int serve(const Config& config);

}  // namespace helmarr::app
