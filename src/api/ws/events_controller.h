#pragma once
// GET /ws/{client_id} — the WebSocket event stream (API key required, as the
// apikey query parameter or a header).
#include "api/ws/event_hub.h"
#include "http/router.h"

namespace helmarr::api::ws {

class EventsController {
 public:
  explicit EventsController(EventHub& hub) : hub_(hub) {}
  void register_routes(http::Router& router);

 private:
  EventHub& hub_;
};

}  // namespace helmarr::api::ws
