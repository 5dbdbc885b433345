#pragma once
// The torrent library (dashboard dialect, API key, worker pool):
//   GET /api/torrents?q=&content_type=&limit=1..500&offset=>=0
//       {"totalCount", "totalCountIsEstimate", "items": [summary...]}
//   GET /api/torrents/{info_hash}   (40 or 64 hex digits)
//       summary + magnet_uri, files, file_count, evidence, parsed, categories, seeders, leechers;
//       404 when the library does not have it
// Shapes in torrent_json.h, parameters in torrent_search_params.h.
#include "http/router.h"
#include "library/library.h"

namespace helmarr::api::dashboard {

class TorrentsController {
 public:
  explicit TorrentsController(library::Library& library) : library_(library) {}
  void register_routes(http::Router& router);

 private:
  library::Library& library_;
};

}  // namespace helmarr::api::dashboard
