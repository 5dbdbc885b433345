#include "app/modules/library_module.h"

#include <fmt/format.h>

#include "api/dashboard/import_controller.h"
#include "api/dashboard/seed_demo_controller.h"
#include "api/dashboard/stats_controller.h"
#include "api/dashboard/torrents_controller.h"
#include "api/torznab/torznab_controller.h"
#include "library/library_service.h"

namespace helmarr::app {

LibraryModule::LibraryModule(ModuleContext ctx) : ctx_(ctx), started_(ctx.clock.now()), throughput_(ctx.clock) {
  system::SettingsService* settings = &ctx_.settings;
  store_ = library::make_library(
      ctx_.db, ctx_.classifier, ctx_.clock,
      library::LibraryOptions{.files_per_torrent = [settings] {
        return static_cast<int>(settings->get_int("library_files_per_torrent"));
      }});
  library_ = library::metered(*store_, throughput_);
}

LibraryModule::~LibraryModule() = default;

std::vector<store::Migration> LibraryModule::migrations(store::Dialect dialect) const {
  return library::library_migrations(dialect);
}

void LibraryModule::define_settings(system::SettingsService& settings) {
  settings.define({.key = "library_files_per_torrent", .type = system::SettingType::integer, .default_value = 100,
                   .min = 0, .max = 10000,
                   .description = "files kept per torrent in the library (file_count still counts them all)"});
}

void LibraryModule::register_routes(http::Router& router) {
  torznab_ = std::make_unique<api::torznab::TorznabController>(
      *library_, api::torznab::TorznabOptions{.fallback_base_url = fmt::format("http://localhost:{}", ctx_.config.port)});
  torznab_->register_routes(router);
  import_ = std::make_unique<api::dashboard::ImportController>(*library_, ctx_.pool, ctx_.bus);
  import_->register_routes(router);
  // The dashboard's library API: GET /api/torrents[/{info_hash}], /api/stats, POST /api/seed-demo.
  auto torrents = std::make_shared<api::dashboard::TorrentsController>(*library_);
  auto stats = std::make_shared<api::dashboard::StatsController>(*library_, throughput_, ctx_.clock, started_);
  auto seed = std::make_shared<api::dashboard::SeedDemoController>(*library_);
  torrents->register_routes(router);
  stats->register_routes(router);
  seed->register_routes(router);
  controllers_.insert(controllers_.end(), {torrents, stats, seed});
}

}  // namespace helmarr::app
