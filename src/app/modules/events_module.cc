#include "app/modules/events_module.h"

#include "api/ws/event_hub.h"
#include "api/ws/events_controller.h"

namespace helmarr::app {

EventsModule::EventsModule(ModuleContext ctx)
    : hub_(std::make_unique<api::ws::EventHub>(ctx.bus)),
      controller_(std::make_unique<api::ws::EventsController>(*hub_)) {}

EventsModule::~EventsModule() = default;

void EventsModule::register_routes(http::Router& router) { controller_->register_routes(router); }

}  // namespace helmarr::app
