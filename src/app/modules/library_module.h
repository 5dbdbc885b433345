#pragma once
// The torrent library: its tables, its settings, the search every front
// uses, and the fronts themselves (import, dashboard library API, Torznab).
#include <memory>

#include "app/module.h"
#include "library/library.h"

namespace helmarr::api::torznab {
class TorznabController;
}
namespace helmarr::api::dashboard {
class ImportController;
}

namespace helmarr::app {

class LibraryModule final : public Module {
 public:
  explicit LibraryModule(ModuleContext ctx);
  ~LibraryModule() override;
  std::string_view name() const override { return "library"; }
  std::vector<store::Migration> migrations(store::Dialect dialect) const override;
  void define_settings(system::SettingsService& settings) override;
  void register_routes(http::Router& router) override;

  library::Library& library() { return *library_; }

 private:
  ModuleContext ctx_;
  std::unique_ptr<library::Library> library_;
  std::unique_ptr<api::torznab::TorznabController> torznab_;
  std::unique_ptr<api::dashboard::ImportController> import_;
};

}  // namespace helmarr::app
