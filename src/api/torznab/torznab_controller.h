#pragma once
// Torznab for Sonarr, Radarr, Lidarr, Readarr and Prowlarr, on the library
// (shared/reference/torznab.md). One handler answers every spelling of the
// endpoint, so a client's base URL works with or without /api:
//   GET /torznab/api   GET /torznab   GET /api/torznab   GET /api/torznab/api
//     ?t=caps                         capabilities and the category tree
//     ?t=search|tvsearch|movie|music|book&q=&cat=&season=&ep=&imdbid=&tvdbid=&tmdbid=&year=&limit=&offset=
//                                     RSS 2.0 feed, torznab namespace
// API key required (X-API-Key, Bearer, or ?apikey= as the *arr apps send
// it); errors are Newznab <error code description/> (the route's dialect).
// Search runs on the worker pool: it reads the database.
#include <string>

#include "http/router.h"
#include "library/library.h"

namespace helmarr::api::torznab {

struct TorznabOptions {
  // Where guid and comments point when the request's Host header is absent
  // or malformed, e.g. "http://192.168.1.10:8000".
  std::string fallback_base_url = "http://localhost:8000";
  std::string version = "0.1.0";  // caps <server version>
  std::string title = "Helmarr";
  // The rate-limit category of the routes: must exist when routes are checked.
  std::string rate_category = "general";
};

class TorznabController {
 public:
  // library must outlive the controller.
  TorznabController(library::Library& library, TorznabOptions options = {});
  // Mounts the four routes and declares /torznab and /api/torznab as
  // Newznab surfaces (unknown paths below them answer in XML too).
  void register_routes(http::Router& router);
  // What the routes answer; public for tests that bypass the router.
  Result<http::Response> answer(const http::Request& req);

 private:
  library::Library& library_;
  TorznabOptions options_;
};

}  // namespace helmarr::api::torznab
