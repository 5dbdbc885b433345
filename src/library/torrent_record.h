#pragma once
// One torrent as the library holds it: identity, what the parser and the
// classifier made of its name, and what the swarm was last seen doing.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "media/content_type.h"
#include "torrent/info_hash.h"

namespace helmarr::library {

struct TorrentFile {
  std::string path;
  std::uint64_t size = 0;
};

// Ids of the work a torrent holds, once something (the *arr apps, TMDB)
// told the library; unknown until then.
struct ExternalIds {
  std::optional<std::int64_t> imdb;  // numeric, without "tt"
  std::optional<std::int64_t> tmdb;
  std::optional<std::int64_t> tvdb;
  bool empty() const { return !imdb && !tmdb && !tvdb; }
};

struct TorrentRecord {
  std::int64_t id = 0;  // the library's row id; not shown on the wire
  torrent::InfoHash info_hash;
  std::string name;
  std::uint64_t size = 0;
  std::uint32_t file_count = 0;

  media::ContentType content_type = media::ContentType::unknown;
  std::vector<int> categories;  // Newznab, ascending: parent and subcategory

  // The release-name parser's fields that searches filter on.
  std::string title;
  std::optional<int> year;
  std::optional<int> season;      // the first season of a multi-season pack
  std::vector<int> seasons;       // every season a pack holds (S01-S03)
  std::vector<int> episodes;      // empty for a season pack
  std::string air_date;           // YYYY-MM-DD for daily shows
  bool season_pack = false;
  std::string resolution;         // "1080p", or empty
  std::string quality;            // Sonarr/Radarr quality name
  std::string group;
  std::vector<std::string> languages;  // ISO 639-1

  ExternalIds ids;

  std::optional<std::int64_t> seeders;
  std::optional<std::int64_t> leechers;
  std::optional<std::int64_t> peers_observed_at;  // unix seconds

  std::vector<std::string> sources;  // "import", "dht", "demo", ...
  std::optional<std::int64_t> published_at;  // unix seconds, when the source said
  std::int64_t first_seen = 0;  // unix seconds: when the library first had it
  std::int64_t last_seen = 0;

  // The filter words the full-text index holds for it (facet_terms.h); set
  // by the library when it prepares a write.
  std::string terms;

  // What Torznab shows as pubDate and the dashboard as created_at.
  std::int64_t created_at() const { return published_at.value_or(first_seen); }
};

struct TorrentDetail {
  TorrentRecord torrent;
  std::vector<TorrentFile> files;  // the first files_per_torrent, in metainfo order
};

}  // namespace helmarr::library
