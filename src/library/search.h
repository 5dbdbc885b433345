#pragma once
// The one search every front uses (dashboard API, Torznab, CLI, later
// GraphQL and the assistant). Fronts map their parameters onto SearchQuery;
// the library validates nothing twice: what reaches it is well-formed, and
// values it cannot honour simply match nothing.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "library/torrent_record.h"

namespace helmarr::library {

enum class SortOrder {
  relevance,  // the default with text; without text it means newest
  newest,     // most recently added to the library first
  size,       // largest first
  seeders,    // most seeders first
};

struct SearchQuery {
  // The query language: words (all must match, accents and case folded),
  // "a phrase", -excluded, prefix*. Empty: everything, newest first.
  std::string text;

  std::vector<media::ContentType> content_types;  // any of them
  std::vector<int> categories;  // Newznab, any of them; a parent (5000) includes its children
  std::optional<int> year;
  std::vector<std::string> resolutions;  // any of "480p", "720p", "1080p", "2160p", ...
  std::optional<std::string> quality;    // a Sonarr quality name, e.g. "WEBDL-1080p"
  std::optional<int> season;   // a season search also returns that season's packs
  std::optional<int> episode;  // needs season; matches releases holding that episode
  std::string air_date;        // YYYY-MM-DD: daily shows
  std::optional<torrent::InfoHash> info_hash;
  ExternalIds ids;  // torrents known to be that work; with text, also unidentified ones matching it

  SortOrder sort = SortOrder::relevance;
  int limit = 50;   // 1..500
  int offset = 0;   // >= 0
  bool facets = false;  // count matches by content type
};

struct SearchPage {
  std::vector<TorrentRecord> items;
  std::int64_t total = 0;
  bool total_estimated = false;  // true: total is an estimate (large match sets)
  // Matches by content type name, when asked; estimated with the total.
  std::vector<std::pair<std::string, std::int64_t>> facets;
};

}  // namespace helmarr::library
