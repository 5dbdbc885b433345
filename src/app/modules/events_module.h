#pragma once
// Events over WebSocket: the hub that fans the event bus out to clients,
// and GET /ws/{client_id}.
#include <memory>

#include "app/module.h"

namespace helmarr::api::ws {
class EventHub;
class EventsController;
}  // namespace helmarr::api::ws

namespace helmarr::app {

class EventsModule final : public Module {
 public:
  explicit EventsModule(ModuleContext ctx);
  ~EventsModule() override;
  std::string_view name() const override { return "events"; }
  void register_routes(http::Router& router) override;
  api::ws::EventHub& hub() { return *hub_; }

 private:
  std::unique_ptr<api::ws::EventHub> hub_;
  std::unique_ptr<api::ws::EventsController> controller_;
};

}  // namespace helmarr::app
