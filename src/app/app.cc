#include "app/app.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

#include <fmt/format.h>

#include "api/error_response.h"
#include "api/pipeline.h"
#include "api/ws/event_hub.h"
#include "app/classify_command.h"
#include "app/cluster_events.h"
#include "app/modules/events_module.h"
#include "app/modules/library_module.h"
#include "app/modules/system_module.h"
#include "core/file.h"
#include "core/log.h"
#include "http/server.h"
#include "store/database_url.h"
#include "store/migrations.h"

namespace helmarr::app {

App::App(Config config) : config_(std::move(config)), bus_(SystemClock::instance()) {}

App::~App() = default;

api::ws::EventHub& App::hub() { return events_->hub(); }

ModuleContext App::module_context() {
  return ModuleContext{.config = config_,
                       .clock = clock_,
                       .db = *db_,
                       .bus = bus_,
                       .settings = *settings_,
                       .metrics = metrics_,
                       .limiter = *limiter_,
                       .auth = *auth_,
                       .pool = *pool_,
                       .timers = *timers_,
                       .scheduler = *scheduler_,
                       .http = *http_,
                       .upstream_metrics = *upstream_metrics_,
                       .classifier = *classifier_};
}

Result<std::unique_ptr<App>> App::create(const Config& config, bool in_memory) {
  std::unique_ptr<App> app(new App(config));
  // Rules first: a mistake in the operator's file stops the start with the
  // file, line and field, before anything is written.
  auto rules = load_classifier_rules(config.classifier_rules);
  if (!rules) return fail(ErrorCode::invalid_request, rules.error().message);
  app->classifier_ = std::make_unique<media::Classifier>(std::move(*rules));
  auto url = store::parse_database_url(config.database_url);
  if (!url) return fail(ErrorCode::invalid_request, url.error().message);
  std::string path = ":memory:";
  if (!in_memory) {
    // 0700 when Helmarr makes it: it holds the key's hash and the settings.
    // A directory that cannot be made or written is bad configuration
    // (invalid_request: exit 2), not a runtime failure.
    auto dir = create_private_directory(config.data_dir);
    if (!dir) return fail(ErrorCode::invalid_request, fmt::format("data_dir {}: {}", config.data_dir, dir.error().message));
    if (::access(config.data_dir.c_str(), W_OK | X_OK) != 0)
      return fail(ErrorCode::invalid_request, fmt::format("data_dir {}: not writable: {}", config.data_dir, std::strerror(errno)));
    path = database_path(config);  // unused on PostgreSQL: data_dir still holds the secret key
  }
  auto db = url->dialect == store::Dialect::postgres && !in_memory
                ? store::open_postgres({.conninfo = url->conninfo})
                : store::open_sqlite({.path = path});
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
  app->pool_ = std::make_unique<WorkerPool>(config.worker_threads, static_cast<std::size_t>(config.worker_queue));
  app->timers_ = std::make_unique<ThreadTimers>();
  app->upstream_metrics_ = std::make_unique<UpstreamMetrics>(app->metrics_);
  try {
    app->http_ = std::make_unique<net::CurlEngine>();
  } catch (const std::exception& e) {
    return fail(ErrorCode::internal, std::string("outbound HTTP client: ") + e.what());
  }
  // Jobs start on the pool; a blocking job awaits pool.run itself.
  app->scheduler_ = std::make_unique<system::Scheduler>(*app->timers_, *app->pool_, app->clock_, std::random_device{}());
  app->lease_ = system::make_database_lease(*app->db_, app->clock_, system::process_holder_name());
  app->scheduler_->set_lease(app->lease_.get());

  auto key = app->keys_->initialise(config.api_key);
  if (!key) return tl::unexpected(key.error());
  app->generated_key_ = *key;

  system::SettingsService* settings = app->settings_.get();
  app->pipeline_ = std::make_unique<api::Pipeline>(
      app->router_, *app->auth_, *app->limiter_, app->metrics_, app->clock_, *app->pool_, *app->timers_,
      api::PipelineOptions{.deadline = [settings] {
        return std::chrono::milliseconds(settings->get_int("request_timeout_seconds") * 1000);
      }});
  if (auto built = app->build_modules(); !built) return tl::unexpected(built.error());
  if (app->db_->dialect() == store::Dialect::postgres) {
    // Another process changed a setting: reread the overrides before the
    // event reaches this process's clients, and after a gap in the news.
    auto refresh = [settings = app->settings_.get()] {
      if (auto r = settings->refresh(); !r)
        log::event(spdlog::level::warn, "settings not refreshed", {{"error", r.error().message}});
    };
    auto relay = ClusterEvents::start(
        app->bus_, {.conninfo = url->conninfo},
        {.before_publish = [refresh](const std::string& type) { if (type == "settings.changed") refresh(); },
         .on_gap = refresh});
    if (!relay) return fail(ErrorCode::unavailable, "cluster events: " + relay.error().message);
    app->cluster_events_ = std::move(*relay);
    ClusterEvents* events = app->cluster_events_.get();
    app->metrics_.set_gauge_source("helmarr_cluster_channel_connected",
                                   "1 while the channel to the other processes on the database is up",
                                   [events] { return events->stats().connected ? 1.0 : 0.0; });
    app->metrics_.set_gauge_source("helmarr_cluster_events_received", "Events received from other processes",
                                   [events] { return static_cast<double>(events->stats().received); });
    app->metrics_.set_gauge_source("helmarr_cluster_events_dropped", "Events not sent to other processes",
                                   [events] { return static_cast<double>(events->stats().dropped); });
  }

  EventBus* bus = &app->bus_;
  App* self = app.get();
  auto& m = app->metrics_;
  m.set_gauge_source("helmarr_websocket_clients", "Open WebSocket connections",
                     [self] { return static_cast<double>(self->websocket_clients_()); });
  m.set_gauge_source("helmarr_http_connections", "Open HTTP connections",
                     [self] { return static_cast<double>(self->connections_()); });
  m.set_gauge_source("helmarr_event_bus_sequence", "Sequence number of the last published event",
                     [bus] { return static_cast<double>(bus->last_seq()); });
  m.set_gauge_source("helmarr_requests_in_flight", "Requests being handled (waiting on a handler)",
                     [self] { return static_cast<double>(self->pipeline_->in_flight()); });
  m.set_gauge_source("helmarr_worker_queue", "Jobs waiting for the worker pool",
                     [self] { return static_cast<double>(self->pool_->queued()); });
  m.set_gauge_source("helmarr_worker_rejected", "Jobs refused because the worker pool's queue was full",
                     [self] { return static_cast<double>(self->pool_->rejected()); });
  return app;
}

// Every module defines its settings before the stored overrides are loaded,
// then mounts its routes; the route table is checked once it is complete.
Result<void> App::build_modules() {
  auto ctx = module_context();
  modules_.push_back(std::make_unique<SystemModule>(ctx, *settings_repo_));
  auto events = std::make_unique<EventsModule>(ctx);
  events_ = events.get();
  modules_.push_back(std::move(events));
  auto library = std::make_unique<LibraryModule>(ctx);
  library_ = library.get();
  modules_.push_back(std::move(library));

  for (auto& m : modules_)
    if (auto migrated = migrate_module(*m); !migrated) return migrated;
  for (auto& m : modules_) m->define_settings(*settings_);
  if (auto loaded = settings_->load(); !loaded) return tl::unexpected(loaded.error());
  for (auto& m : modules_) m->register_routes(router_);
  for (auto& m : modules_) m->register_jobs(*scheduler_);
  return pipeline_->check_routes();
}

library::Library& App::library() { return library_->library(); }

Result<void> App::migrate_module(Module& module) {
  const auto list = module.migrations(db_->dialect());
  if (list.empty()) return {};
  auto done = store::migrate_module(*db_, std::string(module.name()), list, clock_);
  if (!done)
    return fail(ErrorCode::internal, fmt::format("module {}: database migration failed: {}", module.name(),
                                                 done.error().message));
  return {};
}

Result<void> App::add_module(std::unique_ptr<Module> module) {
  if (auto migrated = migrate_module(*module); !migrated) return migrated;
  module->define_settings(*settings_);
  if (auto loaded = settings_->load(); !loaded) return tl::unexpected(loaded.error());
  module->register_routes(router_);
  module->register_jobs(*scheduler_);
  modules_.push_back(std::move(module));
  return pipeline_->check_routes();
}

http::ServerHandlers App::server_handlers() {
  api::Pipeline* pipeline = pipeline_.get();
  return http::ServerHandlers{
      .admit = [pipeline](http::Request& req) { return pipeline->admit(req); },
      .respond = [pipeline](std::shared_ptr<http::Request> req) { return pipeline->respond(std::move(req)); },
      .error = [pipeline](http::Request& req, const Error& e, int status) {
        return pipeline->server_error(req, e, status);
      }};
}

std::string database_path(const Config& config) {
  if (auto url = store::parse_database_url(config.database_url);
      url && url->dialect == store::Dialect::sqlite && !url->sqlite_path.empty()) {
    return url->sqlite_path;
  }
  return (std::filesystem::path(config.data_dir) / "helmarr.db").string();
}

int serve(const Config& config) {
  auto created = App::create(config);
  if (!created) {
    spdlog::critical("startup failed: {}", created.error().message);
    return startup_exit_code(created.error());
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
  const auto max_connections = static_cast<std::size_t>(config.max_connections);
  options.max_connections = [max_connections] { return max_connections; };
  http::Server server(options, app.server_handlers());
  auto port = server.listen();
  if (!port) {
    spdlog::critical("cannot listen: {}", port.error().message);
    return port.error().code == ErrorCode::invalid_request ? 2 : 1;
  }
  app.websocket_clients_ = [&server] { return server.websocket_clients(); };
  app.connections_ = [&server] { return server.connections(); };
  log::event(spdlog::level::info, "listening",
             {{"address", config.bind}, {"port", *port}, {"data_dir", config.data_dir},
              {"database", app.database().engine()}});
  app.bus().publish("system.started", {{"port", *port}});
  app.scheduler().start();
  server.run();
  app.scheduler().stop();
  app.websocket_clients_ = [] { return std::size_t{0}; };
  app.connections_ = [] { return std::size_t{0}; };
  spdlog::info("stopped");
  return 0;
}

}  // namespace helmarr::app
