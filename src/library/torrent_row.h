#pragma once
// A torrent's row as every engine stores it: the columns read back, the
// values written, and the small codecs they use (lists as "1,2,3", hashes as
// blobs and as the 8-byte keys the SQLite lookup index holds). Pure.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "library/torrent_record.h"
#include "store/database.h"

namespace helmarr::library {

// What a read selects, in record_from()'s order.
inline constexpr std::string_view kTorrentColumns =
    "id, hash1, hash2, name, size, file_count, content_type, categories, title, year, season, seasons, episodes, "
    "air_date, season_pack, resolution, quality, grp, languages, imdb, tmdb, tvdb, seeders, leechers, peers_at, "
    "sources, published_at, first_seen, last_seen, terms";
// The columns field_values() fills, in its order: everything but the id and the hashes.
inline constexpr std::string_view kTorrentFields =
    "name, size, file_count, content_type, categories, title, year, season, seasons, episodes, air_date, "
    "season_pack, resolution, quality, grp, languages, imdb, tmdb, tvdb, seeders, leechers, peers_at, sources, "
    "published_at, first_seen, last_seen, terms";
inline constexpr std::size_t kTorrentFieldCount = 27;

TorrentRecord record_from(const store::Row& row);
// The first `keep` of a torrent's files, a few rows per statement.
Result<void> write_file_rows(store::Session& s, std::int64_t torrent_id, const std::vector<TorrentFile>& files,
                             std::size_t keep);
std::vector<store::Value> field_values(const TorrentRecord& r, const std::string& terms);

std::string join_ints(const std::vector<int>& v);
std::string join_strings(const std::vector<std::string>& v);
std::vector<int> split_ints(std::string_view s);
std::vector<std::string> split_strings(std::string_view s);
std::optional<std::int64_t> opt_int(const store::Row& row, std::size_t i);

// A hash as a blob; null when absent.
store::Value hash_value(const std::optional<std::array<std::uint8_t, 20>>& h);
store::Value hash_value(const std::optional<std::array<std::uint8_t, 32>>& h);
// Its first 8 bytes as a signed integer; null when absent.
store::Value hash_key(const std::optional<std::array<std::uint8_t, 20>>& h);
store::Value hash_key(const std::optional<std::array<std::uint8_t, 32>>& h);

}  // namespace helmarr::library
