#pragma once
// Settings, defaults + overrides with an audit log (dashboard seed):
//   GET    /api/settings
//   PUT    /api/settings/overrides/{key}   {"value": ...}
//   DELETE /api/settings/overrides/{key}
//   GET    /api/settings/audit?limit=1..1000 (default 100)
#include "http/router.h"
#include "system/settings.h"

namespace helmarr::api::dashboard {

class SettingsController {
 public:
  explicit SettingsController(system::SettingsService& settings) : settings_(settings) {}
  void register_routes(http::Router& router);

 private:
  system::SettingsService& settings_;
};

}  // namespace helmarr::api::dashboard
