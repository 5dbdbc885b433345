#pragma once
// The dashboard's torrent shapes (BitAgent seed), built in one place for the
// API and `helmarr search --json`:
//   summary: {"info_hash", "title", "content_type", "size_bytes", "created_at"}
//   page:    {"totalCount", "totalCountIsEstimate", "items": [summary...]}
//   detail:  summary + {"magnet_uri", "files": [{"path", "size_bytes"}],
//            "file_count", "evidence": [], "parsed", "categories", "seeders", "leechers"}
#include <nlohmann/json.hpp>

#include "library/search.h"
#include "library/torrent_record.h"

namespace helmarr::api::dashboard {

nlohmann::json torrent_summary_json(const library::TorrentRecord& torrent);
nlohmann::json torrent_page_json(const library::SearchPage& page);
nlohmann::json torrent_detail_json(const library::TorrentDetail& detail);

// "2026-04-20T08:00:00.000Z" for unix seconds: the seed's created_at form.
std::string iso8601_seconds(std::int64_t unix_seconds);

}  // namespace helmarr::api::dashboard
