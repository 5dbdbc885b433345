#include "api/dashboard/settings_controller.h"

#include "api/json_body.h"

namespace helmarr::api::dashboard {

namespace {
std::string changed_by(const http::Request& req) { return req.identity ? req.identity->display : "system"; }
}  // namespace

void SettingsController::register_routes(http::Router& router) {
  // Reads and writes go to the database: the worker pool runs them.
  const http::RoutePolicy opts{.dialect = http::ErrorDialect::dashboard, .rate_category = "general",
                               .execution = http::Execution::blocking};

  router.add(http::Method::get, "/api/settings", [this](http::Request&) -> Result<http::Response> {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& v : settings_.list()) items.push_back(v.to_json());
    return json_response(200, {{"items", std::move(items)}});
  }, opts);

  router.add(http::Method::put, "/api/settings/overrides/{key}", [this](http::Request& req) -> Result<http::Response> {
    auto body = json_object_body(req);
    if (!body) return tl::unexpected(body.error());
    if (!body->contains("value"))
      return fail(ErrorCode::invalid_request, "request body must have a \"value\" field");
    auto view = settings_.set_override(std::string(req.param("key")), (*body)["value"], changed_by(req));
    if (!view) return tl::unexpected(view.error());
    return json_response(200, view->to_json());
  }, opts);

  router.add(http::Method::del, "/api/settings/overrides/{key}", [this](http::Request& req) -> Result<http::Response> {
    auto view = settings_.remove_override(std::string(req.param("key")), changed_by(req));
    if (!view) return tl::unexpected(view.error());
    return json_response(200, view->to_json());
  }, opts);

  router.add(http::Method::get, "/api/settings/audit", [this](http::Request& req) -> Result<http::Response> {
    auto limit = int_query(req, "limit", 100, 1, 1000);
    if (!limit) return tl::unexpected(limit.error());
    auto rows = settings_.audit(static_cast<int>(*limit));
    if (!rows) return tl::unexpected(rows.error());
    nlohmann::json items = nlohmann::json::array();
    for (const auto& r : *rows)
      items.push_back({{"key", r.key},
                       {"action", r.action},
                       {"old_value", r.old_value},
                       {"new_value", r.new_value},
                       {"changed_by", r.changed_by},
                       {"changed_at", r.changed_at}});
    return json_response(200, {{"items", std::move(items)}});
  }, opts);
}

}  // namespace helmarr::api::dashboard
