#pragma once
// Wiring: builds every service from the configuration and connects them.
// The one place that knows all the concrete types.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/config.h"
#include "core/clock.h"
#include "core/event_bus.h"
#include "core/timer_service.h"
#include "core/worker_pool.h"
#include "http/router.h"
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

class App {
 public:
  // Opens (or, with in_memory, creates a throwaway) database, migrates it,
  // registers settings and routes. Failures are startup errors with a message
  // that names what is wrong.
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
  api::ws::EventHub& hub() { return *hub_; }
  system::Metrics& metrics() { return metrics_; }
  store::Database& database() { return *db_; }
  const media::Classifier& classifier() const { return *classifier_; }
  system::Scheduler& scheduler() { return *scheduler_; }

 private:
  explicit App(Config config);
  void define_settings();
  void register_routes();
  template <class Controller, class... Args>
  void mount(Args&&... args);

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
  std::unique_ptr<api::ws::EventHub> hub_;
  std::unique_ptr<api::Pipeline> pipeline_;
  http::Router router_;
  std::vector<std::shared_ptr<void>> controllers_;
  std::optional<std::string> generated_key_;
  std::function<std::size_t()> websocket_clients_ = [] { return std::size_t{0}; };
  // Background jobs, declared last so the scheduler stops (and waits for its
  // runs) before the services those runs use are destroyed.
  ThreadTimers timers_;
  WorkerPool background_{2, 256};
  std::unique_ptr<system::Scheduler> scheduler_;

  friend int serve(const Config& config);
};

// Runs the server until SIGTERM/SIGINT. Returns the process exit code.
int serve(const Config& config);

}  // namespace helmarr::app
