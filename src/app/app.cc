#include "app/app.h"

#include <filesystem>

#include <fmt/format.h>

#include "api/dashboard/health_controller.h"
#include "api/dashboard/me_controller.h"
#include "api/dashboard/metrics_controller.h"
#include "api/dashboard/settings_controller.h"
#include "api/pipeline.h"
#include "api/v1/health_controller.h"
#include "api/ws/event_hub.h"
#include "api/ws/events_controller.h"
#include "app/classify_command.h"
#include "core/file.h"
#include "core/log.h"
#include "http/server.h"
#include "store/migrations.h"

namespace helmarr::app {

namespace {

// Rate-limit categories of the AutoArr seed: setting key, default, period.
struct RateCategory {
  const char* category;
  const char* setting;
  std::int64_t limit;
  std::chrono::seconds period;
  const char* description;
};
constexpr RateCategory kRateCategories[] = {
    {"health", "rate_limit_health_per_minute", 60, std::chrono::seconds(60), "Health check requests per minute per client"},
    {"config_audit", "rate_limit_config_audit_per_hour", 10, std::chrono::seconds(3600), "Configuration audits per hour per client"},
    {"apply", "rate_limit_apply_per_hour", 20, std::chrono::seconds(3600), "Configuration applies per hour per client"},
    {"content", "rate_limit_content_per_hour", 30, std::chrono::seconds(3600), "Content requests (add show/movie) per hour per client"},
    {"general", "rate_limit_general_per_minute", 100, std::chrono::seconds(60), "Other API requests per minute per client"},
};

}  // namespace

App::App(Config config) : config_(std::move(config)), bus_(SystemClock::instance()) {}

App::~App() = default;

Result<std::unique_ptr<App>> App::create(const Config& config, bool in_memory) {
  std::unique_ptr<App> app(new App(config));
  // Rules first: a mistake in the operator's file stops the start with the
  // file, line and field, before anything is written.
  auto rules = load_classifier_rules(config.classifier_rules);
  if (!rules) return tl::unexpected(rules.error());
  app->classifier_ = std::make_unique<media::Classifier>(std::move(*rules));
  std::string path = ":memory:";
  if (!in_memory) {
    // 0700 when Helmarr makes it: it holds the key's hash and the settings.
    auto dir = create_private_directory(config.data_dir);
    if (!dir) return fail(ErrorCode::internal, "data_dir " + dir.error().message);
    path = (std::filesystem::path(config.data_dir) / "helmarr.db").string();
  }
  auto db = store::open_sqlite({.path = path});
  if (!db) return tl::unexpected(db.error());
  app->db_ = std::move(*db);
  auto version = store::migrate(*app->db_, app->clock_);
  if (!version) return fail(ErrorCode::internal, "database migration failed: " + version.error().message);

  app->settings_repo_ = store::make_settings_repository(*app->db_, app->clock_);
  app->secrets_ = store::make_secret_repository(*app->db_, app->clock_);
  app->settings_ = std::make_unique<system::SettingsService>(*app->settings_repo_, app->bus_, app->clock_);
  app->keys_ = std::make_unique<system::ApiKeyStore>(*app->secrets_, app->clock_);
  app->auth_ = std::make_unique<system::Authenticator>(*app->keys_, app->clock_);
  app->limiter_ = std::make_unique<system::RateLimiter>(app->clock_);
  app->hub_ = std::make_unique<api::ws::EventHub>(app->bus_);

  auto key = app->keys_->initialise(config.api_key);
  if (!key) return tl::unexpected(key.error());
  app->generated_key_ = *key;

  app->define_settings();
  if (auto loaded = app->settings_->load(); !loaded) return tl::unexpected(loaded.error());

  app->pipeline_ = std::make_unique<api::Pipeline>(app->router_, *app->auth_, *app->limiter_, app->metrics_, app->clock_);
  app->register_routes();

  EventBus* bus = &app->bus_;
  App* self = app.get();
  app->metrics_.set_gauge_source("helmarr_websocket_clients", "Open WebSocket connections",
                                 [self] { return static_cast<double>(self->websocket_clients_()); });
  app->metrics_.set_gauge_source("helmarr_event_bus_sequence", "Sequence number of the last published event",
                                 [bus] { return static_cast<double>(bus->last_seq()); });
  return app;
}

// The settings the server itself uses. Where the configuration sets a value
// (log level, body limit), that value is the setting's default, and an
// override made at run time wins over it.
void App::define_settings() {
  using system::SettingType;
  settings_->define({.key = "log_level", .type = SettingType::enumeration, .default_value = config_.log_level,
                     .allowed = {"trace", "debug", "info", "warn", "error", "critical", "off"},
                     .description = "Minimum level of log lines"});
  settings_->define({.key = "max_body_bytes", .type = SettingType::integer,
                     .default_value = config_.max_body_bytes, .min = 1024, .max = 1073741824,
                     .description = "Largest request body accepted, in bytes"});
  for (const auto& c : kRateCategories) {
    settings_->define({.key = c.setting, .type = SettingType::integer, .default_value = c.limit, .min = 1,
                       .max = 1000000, .description = c.description});
    const std::string category = c.category;
    const auto period = c.period;
    settings_->on_change(c.setting, [this, category, period](const std::string&, const nlohmann::json& v) {
      limiter_->configure(category, {v.get<std::int64_t>(), period});
    });
  }
  settings_->define({.key = "auth_max_failures", .type = SettingType::integer, .default_value = 5, .min = 1,
                     .max = 1000, .description = "Wrong API keys from one address before it is locked out"});
  settings_->define({.key = "auth_failure_window_seconds", .type = SettingType::integer, .default_value = 300,
                     .min = 1, .max = 86400, .description = "Window in which failed attempts are counted"});
  settings_->define({.key = "auth_ban_seconds", .type = SettingType::integer, .default_value = 600, .min = 1,
                     .max = 604800, .description = "How long a locked-out address is refused"});

  settings_->on_change("log_level", [](const std::string&, const nlohmann::json& v) {
    if (auto level = log::parse_level(v.get<std::string>())) log::set_level(*level);
  });
  auto apply_lockout = [this](const std::string&, const nlohmann::json&) {
    // Called from load() once per key before all three exist in memory: read
    // each through the service, which has them all after define().
    auth_->set_policy({.max_failures = static_cast<int>(settings_->get_int("auth_max_failures")),
                       .window = std::chrono::seconds(settings_->get_int("auth_failure_window_seconds")),
                       .ban = std::chrono::seconds(settings_->get_int("auth_ban_seconds"))});
  };
  for (const char* k : {"auth_max_failures", "auth_failure_window_seconds", "auth_ban_seconds"})
    settings_->on_change(k, apply_lockout);
}

// Controllers live as long as the App: their routes call back into them.
template <class Controller, class... Args>
void App::mount(Args&&... args) {
  auto controller = std::make_shared<Controller>(std::forward<Args>(args)...);
  controller->register_routes(router_);
  controllers_.push_back(std::move(controller));
}

void App::register_routes() {
  mount<api::dashboard::HealthController>(clock_);
  mount<api::dashboard::MeController>();
  mount<api::dashboard::SettingsController>(*settings_);
  mount<api::dashboard::MetricsController>(metrics_);
  mount<api::v1::HealthController>(clock_);
  mount<api::ws::EventsController>(*hub_);
}

int serve(const Config& config) {
  auto created = App::create(config);
  if (!created) {
    spdlog::critical("startup failed: {}", created.error().message);
    return 1;
  }
  App& app = **created;
  if (app.generated_api_key()) {
    spdlog::warn("generated a new API key; it is shown only this once, store it now: {}", *app.generated_api_key());
  }

  http::ServerOptions options;
  options.bind = config.bind;
  options.port = config.port;
  options.threads = config.threads;
  system::SettingsService* settings = &app.settings();
  options.max_body_bytes = [settings] { return static_cast<std::size_t>(settings->get_int("max_body_bytes")); };
  api::Pipeline* pipeline = &app.pipeline();
  http::Server server(
      options, [pipeline](http::Request& req) { return pipeline->handle(req); },
      [pipeline](const http::Request& req, const Error& e) { return pipeline->server_error(req, e); });
  auto port = server.listen();
  if (!port) {
    spdlog::critical("cannot listen: {}", port.error().message);
    return 1;
  }
  app.websocket_clients_ = [&server] { return server.websocket_clients(); };
  log::event(spdlog::level::info, "listening",
             {{"address", config.bind}, {"port", *port}, {"data_dir", config.data_dir},
              {"database", app.database().engine()}});
  app.bus().publish("system.started", {{"port", *port}});
  server.run();
  app.websocket_clients_ = [] { return std::size_t{0}; };
  spdlog::info("stopped");
  return 0;
}

}  // namespace helmarr::app
