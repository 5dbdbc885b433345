#include "api/ws/events_controller.h"

#include <charconv>

#include "core/ids.h"

namespace helmarr::api::ws {

void EventsController::register_routes(http::Router& router) {
  router.add(http::Method::get, "/ws/{client_id}", [this](http::Request& req) -> Result<http::Response> {
    const auto client_id = req.param("client_id");
    if (!is_safe_id(client_id))
      return fail(ErrorCode::invalid_request, "client_id must be 1-64 characters of letters, digits, '-', '_' or '.'");
    std::set<std::string> rooms;
    if (auto r = req.query_param("rooms"); r && !r->empty()) {
      std::string_view rest = *r;
      while (!rest.empty()) {
        auto comma = rest.find(',');
        std::string room(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        if (!is_known_room(room))
          return fail(ErrorCode::invalid_request, "unknown room '" + room +
                                                      "'; use config_audit, downloads, content_requests or system");
        rooms.insert(std::move(room));
      }
    }
    std::optional<std::uint64_t> since;
    if (auto s = req.query_param("since")) {
      std::uint64_t v = 0;
      auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
      if (ec != std::errc() || end != s->data() + s->size())
        return fail(ErrorCode::invalid_request, "since must be a non-negative integer event sequence number");
      since = v;
    }
    http::Response res = http::Response::empty(101);
    res.upgrade = std::make_shared<EventClient>(hub_, std::string(client_id), std::move(rooms), since);
    return res;
  }, {.dialect = http::ErrorDialect::dashboard, .rate_category = "general"});
}

}  // namespace helmarr::api::ws
