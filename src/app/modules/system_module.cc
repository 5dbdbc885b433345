#include "app/modules/system_module.h"

#include "api/dashboard/jobs_controller.h"
#include "api/dashboard/me_controller.h"
#include "api/dashboard/metrics_controller.h"
#include "api/dashboard/settings_controller.h"
#include "api/v1/health_controller.h"
#include "core/log.h"
#include "system/auth.h"
#include "system/scheduler.h"

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
    {"general", "rate_limit_general_per_minute", 100, std::chrono::seconds(60), "Other API requests per minute per client (and per address without a valid key)"},
};

template <class Controller, class... Args>
void mount(std::vector<std::shared_ptr<void>>& owned, http::Router& router, Args&&... args) {
  auto controller = std::make_shared<Controller>(std::forward<Args>(args)...);
  controller->register_routes(router);
  owned.push_back(std::move(controller));
}

}  // namespace

SystemModule::SystemModule(ModuleContext ctx, store::SettingsRepository& settings_repo)
    : ctx_(ctx), settings_repo_(settings_repo) {}
SystemModule::~SystemModule() = default;

// Where the configuration sets a value (log level, body limit, deadline),
// that value is the setting's default, and an override made at run time wins.
void SystemModule::define_settings(system::SettingsService& settings) {
  using system::SettingType;
  const Config& config = ctx_.config;
  settings.define({.key = "log_level", .type = SettingType::enumeration, .default_value = config.log_level,
                   .allowed = {"trace", "debug", "info", "warn", "error", "critical", "off"},
                   .description = "Minimum level of log lines"});
  settings.define({.key = "max_body_bytes", .type = SettingType::integer, .default_value = config.max_body_bytes,
                   .min = 1024, .max = 1073741824, .description = "Largest request body accepted, in bytes"});
  settings.define({.key = "request_timeout_seconds", .type = SettingType::integer,
                   .default_value = config.request_timeout_seconds, .min = 1, .max = 3600,
                   .description = "Deadline for one request; a handler still waiting is answered 504"});
  for (const auto& c : kRateCategories) {
    settings.define({.key = c.setting, .type = SettingType::integer, .default_value = c.limit, .min = 1,
                     .max = 1000000, .description = c.description});
    const std::string category = c.category;
    const auto period = c.period;
    // Configured now, so the category exists when routes are checked.
    ctx_.limiter.configure(category, {c.limit, period});
    settings.on_change(c.setting, [this, category, period](const std::string&, const nlohmann::json& v) {
      ctx_.limiter.configure(category, {v.get<std::int64_t>(), period});
    });
  }
  settings.define(system::settings_audit_retention_setting());
  settings.define({.key = "auth_max_failures", .type = SettingType::integer, .default_value = 5, .min = 1,
                   .max = 1000, .description = "Wrong API keys from one address before it is locked out"});
  settings.define({.key = "auth_failure_window_seconds", .type = SettingType::integer, .default_value = 300,
                   .min = 1, .max = 86400, .description = "Window in which failed attempts are counted"});
  settings.define({.key = "auth_ban_seconds", .type = SettingType::integer, .default_value = 600, .min = 1,
                   .max = 604800, .description = "How long a locked-out address is refused"});

  settings.on_change("log_level", [](const std::string&, const nlohmann::json& v) {
    if (auto level = log::parse_level(v.get<std::string>())) log::set_level(*level);
  });
  auto apply_lockout = [this](const std::string&, const nlohmann::json&) {
    // Called from load() once per key before all three exist in memory: read
    // each through the service, which has them all after define().
    auto& s = ctx_.settings;
    ctx_.auth.set_policy({.max_failures = static_cast<int>(s.get_int("auth_max_failures")),
                          .window = std::chrono::seconds(s.get_int("auth_failure_window_seconds")),
                          .ban = std::chrono::seconds(s.get_int("auth_ban_seconds"))});
  };
  for (const char* k : {"auth_max_failures", "auth_failure_window_seconds", "auth_ban_seconds"})
    settings.on_change(k, apply_lockout);
}

void SystemModule::register_routes(http::Router& router) {
  // Unknown paths answer in the dialect of the surface they fall under.
  router.set_default_policy({.dialect = http::ErrorDialect::dashboard, .rate_category = "general"});
  router.add_surface({"/api", {.dialect = http::ErrorDialect::dashboard, .rate_category = "general"}});
  router.add_surface({"/api/v1", {.dialect = http::ErrorDialect::autoarr, .rate_category = "general"}});
  router.add_surface({"/health", {.dialect = http::ErrorDialect::autoarr, .rate_category = "health"}});

  mount<api::dashboard::MeController>(controllers_, router);
  mount<api::dashboard::SettingsController>(controllers_, router, ctx_.settings);
  mount<api::dashboard::MetricsController>(controllers_, router, ctx_.metrics);
  mount<api::dashboard::JobsController>(controllers_, router, ctx_.scheduler);
  mount<api::v1::HealthController>(controllers_, router, ctx_.clock);
}

}  // namespace helmarr::app

namespace helmarr::app {

// The settings audit keeps settings_audit_retention_days of history; older
// rows go once a day.
void SystemModule::register_jobs(system::Scheduler& scheduler) {
  auto added = scheduler.add({
      .name = "settings_audit_retention",
      .description = "Deletes settings audit rows older than settings_audit_retention_days",
      .interval = std::chrono::hours(24),
      .initial_delay = std::chrono::minutes(1),
      .once_per_cluster = true,
      .body = [this](std::stop_token stop) -> Task<Result<void>> {
        auto prune = [this]() -> Result<std::int64_t> { return system::prune_settings_audit(ctx_.settings, settings_repo_); };
        auto pruned = co_await ctx_.pool.run(std::move(prune), stop);
        if (!pruned) co_return tl::unexpected(pruned.error());
        if (*pruned > 0) log::event(spdlog::level::info, "settings audit pruned", {{"rows", *pruned}});
        co_return Result<void>{};
      }});
  if (!added) throw std::logic_error("settings_audit_retention: " + added.error().message);
}

}  // namespace helmarr::app
