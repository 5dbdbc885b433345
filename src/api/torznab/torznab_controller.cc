#include "api/torznab/torznab_controller.h"

#include "api/torznab/base_url.h"
#include "api/torznab/torznab_query.h"
#include "api/torznab/torznab_xml.h"

namespace helmarr::api::torznab {

namespace {

constexpr const char* kPaths[] = {"/torznab/api", "/torznab", "/api/torznab", "/api/torznab/api"};

http::Response xml_response(std::string body, std::string content_type) {
  return http::Response::text(200, std::move(body), std::move(content_type));
}

}  // namespace

TorznabController::TorznabController(library::Library& library, TorznabOptions options)
    : library_(library), options_(std::move(options)) {}

void TorznabController::register_routes(http::Router& router) {
  const http::RoutePolicy policy{.access = http::Access::api_key,
                                 .dialect = http::ErrorDialect::newznab,
                                 .rate_category = options_.rate_category,
                                 .execution = http::Execution::blocking};
  router.add_surface({"/torznab", policy});
  router.add_surface({"/api/torznab", policy});
  for (const char* path : kPaths)
    router.add(http::Method::get, path, [this](http::Request& req) { return answer(req); }, policy);
}

Result<http::Response> TorznabController::answer(const http::Request& req) {
  auto request = parse_torznab_query(req.query);
  if (!request) return tl::unexpected(request.error());
  const std::string base = request_base_url(req, options_.fallback_base_url);

  if (request->function == TorznabFunction::caps)
    return xml_response(caps_xml({.title = options_.title, .version = options_.version, .base_url = base}),
                        "application/xml; charset=utf-8");

  library::SearchPage page;
  if (!request->unsupported) {  // a filter Helmarr cannot honour matches nothing
    auto found = library_.search(request->query);
    if (!found) return tl::unexpected(found.error());
    page = std::move(*found);
    if (page.items.size() > static_cast<std::size_t>(request->query.limit)) page.items.resize(request->query.limit);
  }
  return xml_response(feed_xml(page, request->query.offset, {.title = options_.title, .base_url = base,
                                                             .self_path = req.path}),
                      "application/rss+xml; charset=utf-8");
}

}  // namespace helmarr::api::torznab
