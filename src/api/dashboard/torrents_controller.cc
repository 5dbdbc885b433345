#include "api/dashboard/torrents_controller.h"

#include "api/dashboard/torrent_json.h"
#include "api/dashboard/torrent_search_params.h"
#include "api/json_body.h"

namespace helmarr::api::dashboard {

void TorrentsController::register_routes(http::Router& router) {
  // Searches and lookups read the database: the worker pool runs them.
  const http::RoutePolicy opts{.dialect = http::ErrorDialect::dashboard, .rate_category = "general",
                               .execution = http::Execution::blocking};

  router.add(http::Method::get, "/api/torrents", [this](http::Request& req) -> Result<http::Response> {
    auto params = torrent_search_params(req);
    if (!params) return tl::unexpected(params.error());
    auto query = parse_torrent_search(*params);
    if (!query) return tl::unexpected(query.error());
    auto page = library_.search(*query);
    if (!page) return tl::unexpected(page.error());
    return json_response(200, torrent_page_json(*page));
  }, opts);

  router.add(http::Method::get, "/api/torrents/{info_hash}", [this](http::Request& req) -> Result<http::Response> {
    const auto raw = req.param("info_hash");
    auto hash = torrent::parse_info_hash_hex(raw);
    if (!hash) return fail(ErrorCode::invalid_request, hash.error().message, {{"parameter", "info_hash"}});
    auto found = library_.find(*hash);
    if (!found) return tl::unexpected(found.error());
    if (!*found) return fail(ErrorCode::not_found, "no torrent with info_hash " + hash->hex());
    return json_response(200, torrent_detail_json(**found));
  }, opts);
}

}  // namespace helmarr::api::dashboard
