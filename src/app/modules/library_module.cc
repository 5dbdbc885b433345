#include "app/modules/library_module.h"

#include <fmt/format.h>

#include "api/dashboard/import_controller.h"
#include "api/torznab/torznab_controller.h"
#include "library/library_service.h"

namespace helmarr::app {

LibraryModule::LibraryModule(ModuleContext ctx) : ctx_(ctx) {
  system::SettingsService* settings = &ctx_.settings;
  library_ = library::make_library(
      ctx_.db, ctx_.classifier, ctx_.clock,
      library::LibraryOptions{.files_per_torrent = [settings] {
        return static_cast<int>(settings->get_int("library_files_per_torrent"));
      }});
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
}

}  // namespace helmarr::app
