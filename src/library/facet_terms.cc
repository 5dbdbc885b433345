#include "library/facet_terms.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace helmarr::library::terms {
namespace {

// Lower-case ASCII letters and digits only: the index's tokenizer keeps such
// a word whole, whatever the input held.
std::string alnum(std::string_view prefix, std::string_view s) {
  std::string out(prefix);
  for (unsigned char c : s) {
    if (std::isalnum(c)) out.push_back(static_cast<char>(std::tolower(c)));
  }
  return out;
}

}  // namespace

std::string content_type(media::ContentType t) { return alnum("t", media::to_string(t)); }
std::string category(int code) { return fmt::format("c{}", code); }
std::string year(int y) { return fmt::format("y{}", y); }
std::string season(int s) { return fmt::format("s{}", s); }
std::string episode(int s, int e) { return fmt::format("s{}e{}", s, e); }
std::string season_pack(int s) { return fmt::format("p{}", s); }

std::string air_date(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return {};
  std::string out = "d";
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (i == 4 || i == 7) continue;
    if (!std::isdigit(static_cast<unsigned char>(d[i]))) return {};
    out.push_back(d[i]);
  }
  return out;
}

std::string resolution(std::string_view r) {
  if (r.size() < 2 || (r.back() != 'p' && r.back() != 'P')) return {};
  r.remove_suffix(1);
  if (!std::all_of(r.begin(), r.end(), [](unsigned char c) { return std::isdigit(c); })) return {};
  return fmt::format("r{}", r);
}

std::string quality(std::string_view q) { return alnum("q", q); }
std::string imdb(std::int64_t id) { return fmt::format("im{}", id); }
std::string tmdb(std::int64_t id) { return fmt::format("tm{}", id); }
std::string tvdb(std::int64_t id) { return fmt::format("tv{}", id); }
std::string language(std::string_view iso) { return alnum("l", iso); }

std::string for_record(const TorrentRecord& r) {
  std::vector<std::string> out;
  out.emplace_back(kAll);
  out.push_back(content_type(r.content_type));
  for (int c : r.categories) out.push_back(category(c));
  if (r.year) out.push_back(year(*r.year));
  std::vector<int> seasons = r.seasons;
  if (r.season && std::find(seasons.begin(), seasons.end(), *r.season) == seasons.end()) seasons.push_back(*r.season);
  for (int s : seasons) {
    out.push_back(season(s));
    if (r.season_pack) out.push_back(season_pack(s));
  }
  if (r.season && !r.season_pack) {
    for (int e : r.episodes) out.push_back(episode(*r.season, e));
  }
  if (auto d = air_date(r.air_date); !d.empty()) out.push_back(std::move(d));
  if (auto res = resolution(r.resolution); !res.empty()) out.push_back(std::move(res));
  if (!r.quality.empty() && r.quality != "Unknown") out.push_back(quality(r.quality));
  for (const auto& l : r.languages) out.push_back(language(l));
  if (r.ids.imdb) out.push_back(imdb(*r.ids.imdb));
  if (r.ids.tmdb) out.push_back(tmdb(*r.ids.tmdb));
  if (r.ids.tvdb) out.push_back(tvdb(*r.ids.tvdb));
  if (r.ids.empty()) out.emplace_back(kNoIds);
  std::string joined;
  for (const auto& t : out) {
    if (!joined.empty()) joined.push_back(' ');
    joined += t;
  }
  return joined;
}

}  // namespace helmarr::library::terms
