#include "api/dashboard/torrent_json.h"

#include <chrono>

#include "core/clock.h"
#include "media/release.h"
#include "torrent/magnet.h"

namespace helmarr::api::dashboard {

namespace {
nlohmann::json optional_count(const std::optional<std::int64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
}  // namespace

std::string iso8601_seconds(std::int64_t unix_seconds) {
  return iso8601(std::chrono::system_clock::time_point(std::chrono::seconds(unix_seconds)));
}

// "title" is the torrent's name: the seed shows a release title there, and
// the parser's cleaned-up title is under "parsed" in the detail.
nlohmann::json torrent_summary_json(const library::TorrentRecord& t) {
  return {{"info_hash", t.info_hash.hex()},
          {"title", t.name},
          {"content_type", media::to_string(t.content_type)},
          {"size_bytes", t.size},
          {"created_at", iso8601_seconds(t.created_at())}};
}

// totalCountIsEstimate is always present so clients need not test for it;
// true means totalCount is the library's estimate of a large match set.
nlohmann::json torrent_page_json(const library::SearchPage& page) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& t : page.items) items.push_back(torrent_summary_json(t));
  return {{"totalCount", page.total}, {"totalCountIsEstimate", page.total_estimated}, {"items", std::move(items)}};
}

nlohmann::json torrent_detail_json(const library::TorrentDetail& d) {
  const auto& t = d.torrent;
  nlohmann::json out = torrent_summary_json(t);
  out["magnet_uri"] = torrent::make_magnet_uri(t.info_hash, t.name, t.size);
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : d.files) files.push_back({{"path", f.path}, {"size_bytes", f.size}});
  out["files"] = std::move(files);
  // The library keeps the first files_per_torrent files; this says how many
  // the torrent has, so a client can show "and N more".
  out["file_count"] = t.file_count;
  out["evidence"] = nlohmann::json::array();  // filled by the evidence issue
  out["parsed"] = media::to_json(media::parse_release(t.name));
  out["categories"] = t.categories;
  out["seeders"] = optional_count(t.seeders);
  out["leechers"] = optional_count(t.leechers);
  return out;
}

}  // namespace helmarr::api::dashboard
