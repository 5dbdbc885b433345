#pragma once
// Release-name parsing: turns a scene/P2P/anime release name into structured
// fields. Pure and thread-safe: no I/O, no global mutable state.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace helmarr::media {

enum class ReleaseKind { unknown, tv, movie };

struct ParsedRelease {
  std::string title;  // separators turned to spaces; no year/quality/group
  std::optional<int> year;
  ReleaseKind kind = ReleaseKind::unknown;
  std::optional<int> season;
  std::vector<int> seasons;  // multi-season packs (S01-S03)
  std::vector<int> episodes;
  std::vector<int> absolute_episodes;
  std::string air_date;  // YYYY-MM-DD for daily shows, empty when unknown
  bool full_season = false;
  std::string resolution;      // 480p/576p/720p/1080p/2160p or empty
  std::string source;          // bluray, webdl, ... or empty
  std::string quality = "Unknown";  // Sonarr/Radarr quality name
  bool proper = false;
  bool repack = false;
  int version = 1;
  std::string codec;
  std::string audio;
  std::vector<std::string> hdr;
  std::string group;
  std::string edition;
  std::vector<std::string> languages;  // ISO 639-1
  bool multi = false;
  std::string hash;  // anime CRC32, upper-case
};

ParsedRelease parse_release(std::string_view name);

// JSON with the field names of `helmarr parse --json`; null/empty when unknown.
nlohmann::json to_json(const ParsedRelease& r);

// Appends exactly to_json(r).dump(-1, ' ', false, error_handler_t::replace) to
// `out`, without building a JSON document (the fast path of `parse --json`).
void append_json(const ParsedRelease& r, std::string& out);

std::string_view to_string(ReleaseKind k);

}  // namespace helmarr::media
