#pragma once
// The server's own surface: liveness and health, who am I, run-time
// settings with their audit log, metrics; the rate-limit categories of the
// AutoArr seed, the API-key lockout, the request deadline; and the error
// dialect and rate category of unknown paths under each API surface.
#include <memory>
#include <vector>

#include "app/module.h"
#include "store/settings_repository.h"

namespace helmarr::app {

class SystemModule final : public Module {
 public:
  SystemModule(ModuleContext ctx, store::SettingsRepository& settings_repo);
  ~SystemModule() override;
  std::string_view name() const override { return "system"; }
  void define_settings(system::SettingsService& settings) override;
  void register_routes(http::Router& router) override;
  void register_jobs(system::Scheduler& scheduler) override;

 private:
  ModuleContext ctx_;
  store::SettingsRepository& settings_repo_;
  std::vector<std::shared_ptr<void>> controllers_;
};

}  // namespace helmarr::app
