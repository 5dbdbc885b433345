#include "library/torrent_row.h"

#include <algorithm>
#include <charconv>

namespace helmarr::library {

using store::Blob;
using store::Row;
using store::Value;

namespace {

Value nullable(const std::optional<std::int64_t>& v) { return v ? Value(*v) : Value(); }
Value nullable_int(const std::optional<int>& v) { return v ? Value(std::int64_t{*v}) : Value(); }
Value text_or_null(const std::string& s) { return s.empty() ? Value() : Value(s); }

template <std::size_t N>
std::optional<std::array<std::uint8_t, N>> hash_at(const Row& row, std::size_t i) {
  if (row.is_null(i)) return std::nullopt;
  const std::string bytes = row.text_at(i);
  if (bytes.size() != N) return std::nullopt;
  std::array<std::uint8_t, N> out{};
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

// The first 8 bytes of a hash as a signed integer: the SQLite lookup index's key.
template <std::size_t N>
Value key_of(const std::optional<std::array<std::uint8_t, N>>& h) {
  if (!h) return Value();
  std::uint64_t k = 0;
  for (std::size_t i = 0; i < 8; ++i) k = k << 8 | (*h)[i];
  return static_cast<std::int64_t>(k);
}

template <std::size_t N>
Value blob_of(const std::optional<std::array<std::uint8_t, N>>& h) {
  if (!h) return Value();
  return Blob{std::string(h->begin(), h->end())};
}

}  // namespace

std::string join_ints(const std::vector<int>& v) {
  std::string out;
  for (int x : v) {
    if (!out.empty()) out.push_back(',');
    out += std::to_string(x);
  }
  return out;
}

std::string join_strings(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) {
    if (!out.empty()) out.push_back(',');
    out += x;
  }
  return out;
}

std::vector<int> split_ints(std::string_view s) {
  std::vector<int> out;
  while (!s.empty()) {
    const auto comma = s.find(',');
    const auto part = s.substr(0, comma);
    int v = 0;
    if (std::from_chars(part.data(), part.data() + part.size(), v).ec == std::errc()) out.push_back(v);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

std::vector<std::string> split_strings(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    const auto comma = s.find(',');
    if (auto part = s.substr(0, comma); !part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

std::optional<std::int64_t> opt_int(const Row& row, std::size_t i) {
  return row.is_null(i) ? std::nullopt : std::optional<std::int64_t>(row.int_at(i));
}

Value hash_value(const std::optional<std::array<std::uint8_t, 20>>& h) { return blob_of(h); }
Value hash_value(const std::optional<std::array<std::uint8_t, 32>>& h) { return blob_of(h); }
Value hash_key(const std::optional<std::array<std::uint8_t, 20>>& h) { return key_of(h); }
Value hash_key(const std::optional<std::array<std::uint8_t, 32>>& h) { return key_of(h); }

TorrentRecord record_from(const Row& row) {
  TorrentRecord r;
  r.id = row.int_at(0);
  r.info_hash.v1 = hash_at<20>(row, 1);
  r.info_hash.v2 = hash_at<32>(row, 2);
  r.name = row.text_at(3);
  r.size = static_cast<std::uint64_t>(row.int_at(4));
  r.file_count = static_cast<std::uint32_t>(row.int_at(5));
  const auto ct = row.int_at(6);
  r.content_type = ct >= 0 && ct < static_cast<std::int64_t>(media::kContentTypeNames.size())
                       ? static_cast<media::ContentType>(ct)
                       : media::ContentType::unknown;
  r.categories = split_ints(row.text_at(7));
  r.title = row.text_at(8);
  if (auto y = opt_int(row, 9)) r.year = static_cast<int>(*y);
  if (auto s = opt_int(row, 10)) r.season = static_cast<int>(*s);
  r.seasons = split_ints(row.text_at(11));
  r.episodes = split_ints(row.text_at(12));
  r.air_date = row.text_at(13);
  r.season_pack = row.int_at(14) != 0;
  r.resolution = row.text_at(15);
  r.quality = row.text_at(16);
  r.group = row.text_at(17);
  r.languages = split_strings(row.text_at(18));
  r.ids.imdb = opt_int(row, 19);
  r.ids.tmdb = opt_int(row, 20);
  r.ids.tvdb = opt_int(row, 21);
  r.seeders = opt_int(row, 22);
  r.leechers = opt_int(row, 23);
  r.peers_observed_at = opt_int(row, 24);
  r.sources = split_strings(row.text_at(25));
  r.published_at = opt_int(row, 26);
  r.first_seen = row.int_at(27);
  r.last_seen = row.int_at(28);
  return r;
}

std::vector<Value> field_values(const TorrentRecord& r, const std::string& terms) {
  return {r.name,
          static_cast<std::int64_t>(r.size),
          std::int64_t{r.file_count},
          static_cast<std::int64_t>(r.content_type),
          join_ints(r.categories),
          r.title,
          nullable_int(r.year),
          nullable_int(r.season),
          text_or_null(join_ints(r.seasons)),
          text_or_null(join_ints(r.episodes)),
          text_or_null(r.air_date),
          std::int64_t{r.season_pack ? 1 : 0},
          text_or_null(r.resolution),
          text_or_null(r.quality),
          text_or_null(r.group),
          text_or_null(join_strings(r.languages)),
          nullable(r.ids.imdb),
          nullable(r.ids.tmdb),
          nullable(r.ids.tvdb),
          nullable(r.seeders),
          nullable(r.leechers),
          nullable(r.peers_observed_at),
          join_strings(r.sources),
          nullable(r.published_at),
          r.first_seen,
          r.last_seen,
          terms};
}

namespace {
// Up to kFileRows rows per statement: one statement run per torrent, not
// one per file.
constexpr std::size_t kFileRows = 16;
const std::string& files_insert(std::size_t rows) {
  static const auto statements = [] {
    std::array<std::string, kFileRows + 1> out;
    for (std::size_t n = 1; n <= kFileRows; ++n) {
      out[n] = "INSERT INTO torrent_files(torrent_id, idx, path, size) VALUES (?, ?, ?, ?)";
      for (std::size_t i = 1; i < n; ++i) out[n] += ", (?, ?, ?, ?)";
    }
    return out;
  }();
  return statements[rows];
}
}  // namespace

Result<void> write_file_rows(store::Session& s, std::int64_t torrent_id, const std::vector<TorrentFile>& files,
                             std::size_t keep) {
  keep = std::min(keep, files.size());
  std::vector<Value> p;
  for (std::size_t start = 0; start < keep; start += kFileRows) {
    const std::size_t n = std::min(kFileRows, keep - start);
    p.clear();
    for (std::size_t i = start; i < start + n; ++i) {
      p.emplace_back(torrent_id);
      p.emplace_back(static_cast<std::int64_t>(i));
      p.emplace_back(files[i].path);
      p.emplace_back(static_cast<std::int64_t>(files[i].size));
    }
    auto done = s.execute(files_insert(n), p);
    if (!done) return tl::unexpected(done.error());
  }
  return {};
}

}  // namespace helmarr::library
