#pragma once
// The two documents Torznab answers with: the caps document and the RSS 2.0
// feed with the torznab namespace, in the shape Sonarr, Radarr and Prowlarr
// parse (shared/reference/torznab.md §2 and §5). Pure: text in, text out.
#include <cstdint>
#include <string>
#include <string_view>

#include "library/search.h"

namespace helmarr::api::torznab {

inline constexpr std::string_view kTorznabNamespace = "http://torznab.com/schemas/2015/feed";

struct CapsInfo {
  std::string title = "Helmarr";
  std::string version;   // the server's version
  std::string base_url;  // "http://host:port", no trailing slash
};

struct FeedInfo {
  std::string title = "Helmarr";
  std::string base_url;   // guid and comments point below it
  std::string self_path;  // the path asked for, for <atom:link rel="self">
};

std::string caps_xml(const CapsInfo& info);

// One <item> per torrent: title, guid, comments, link, pubDate, size,
// category, enclosure (the magnet URI, application/x-bittorrent) and the
// torznab:attr list: category (parent and sub), size, files, grabs,
// infohash, magneturl, seeders and peers when the swarm was observed, year,
// season, episode, imdb (7 digits, no tt), tmdbid, tvdbid when known.
std::string feed_xml(const library::SearchPage& page, int offset, const FeedInfo& info);

// "Sat, 01 Jun 2024 12:00:00 +0000" (RFC 822 with a four-digit year), the
// time clamped into years 1970-9999 that every client's date type holds.
std::string rfc822_date(std::int64_t unix_seconds);

// Where a torrent is described: guid and comments of its item.
std::string torrent_info_url(std::string_view base_url, std::string_view hash_hex);

// The hash Torznab calls infohash: v1 when known, else v2 truncated to 20
// bytes, which is the id qBittorrent and libtorrent give a v2-only torrent.
std::string torznab_infohash(const torrent::InfoHash& hash);

}  // namespace helmarr::api::torznab
