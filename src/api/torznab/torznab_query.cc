#include "api/torznab/torznab_query.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include <fmt/format.h>

namespace helmarr::api::torznab {

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

constexpr std::array<std::pair<std::string_view, TorznabFunction>, 6> kFunctions = {{
    {"caps", TorznabFunction::caps},
    {"search", TorznabFunction::search},
    {"tvsearch", TorznabFunction::tvsearch},
    {"movie", TorznabFunction::movie},
    {"music", TorznabFunction::music},
    {"book", TorznabFunction::book},
}};

// Newznab filters Helmarr has nothing to match on: a request that narrows by
// one of them gets an empty feed rather than results it did not ask for.
constexpr std::array<std::string_view, 16> kUnsupportedFilters = {
    "rid",   "tvrageid", "tvmazeid", "traktid", "doubanid", "genre",     "artist", "album",
    "label", "track",    "author",   "title",   "publisher", "maxage", "minsize", "maxsize"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// What an error message may quote of a value: short, so a megabyte of junk
// is not echoed back.
std::string quoted(std::string_view v) {
  constexpr std::size_t kMax = 40;
  return "'" + std::string(v.substr(0, kMax)) + (v.size() > kMax ? "...'" : "'");
}

tl::unexpected<Error> incorrect(std::string_view name, std::string_view what, std::string_view value) {
  return fail(ErrorCode::invalid_request, fmt::format("Incorrect parameter: {} {}, got {}", name, what, quoted(value)),
              {{"parameter", std::string(name)}});
}

// Decimal digits only (no sign, no spaces), saturating above `max` so a
// 40-digit number is "too large", never an overflow.
std::optional<std::int64_t> digits(std::string_view s, std::int64_t max) {
  if (s.empty()) return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    if (v <= max) v = v * 10 + (c - '0');
  }
  return v;
}

Result<std::int64_t> bounded(std::string_view name, std::string_view value, std::int64_t lo, std::int64_t hi) {
  auto v = digits(value, hi);
  if (!v || *v < lo || *v > hi)
    return incorrect(name, fmt::format("must be a whole number from {} to {}", lo, hi), value);
  return *v;
}

// imdbid=tt0903747 (Sonarr) and imdbid=0903747 (Radarr strips the tt).
Result<std::optional<std::int64_t>> external_id(std::string_view name, std::string_view value) {
  std::string_view v = value;
  if (name == "imdbid" && v.size() >= 2 && (v[0] == 't' || v[0] == 'T') && (v[1] == 't' || v[1] == 'T'))
    v.remove_prefix(2);
  constexpr std::int64_t kMaxId = 999'999'999'999;
  auto id = digits(v, kMaxId);
  if (!id || *id > kMaxId) return incorrect(name, "must be a numeric id", value);
  if (*id == 0) return std::optional<std::int64_t>{};  // "no id": what some clients send for unknown
  return std::optional<std::int64_t>{*id};
}

Result<void> add_categories(std::vector<int>& out, std::string_view value) {
  while (!value.empty()) {
    const auto comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty()) continue;  // "5030,,5040," as some clients build it
    auto id = digits(item, 999'999);  // Jackett-style custom categories reach 100000+
    if (!id || *id < 1 || *id > 999'999) return incorrect("cat", "must be category ids separated by commas", item);
    if (std::find(out.begin(), out.end(), *id) == out.end()) out.push_back(static_cast<int>(*id));
    if (out.size() > kMaxCategories)
      return fail(ErrorCode::invalid_request,
                  fmt::format("Incorrect parameter: cat lists more than {} categories", kMaxCategories),
                  {{"parameter", "cat"}});
  }
  return {};
}

// Daily shows: season=2024&ep=06/01 is the episode that aired on 2024-06-01.
Result<std::string> air_date(std::optional<std::int64_t> season, std::string_view ep) {
  const auto slash = ep.find('/');
  auto month = digits(ep.substr(0, slash), 99);
  auto day = digits(ep.substr(slash + 1), 99);
  if (ep.substr(0, slash).size() > 2 || ep.substr(slash + 1).size() > 2 || !month || !day || *month < 1 ||
      *month > 12 || *day < 1 || *day > 31)
    return incorrect("ep", "must be an episode number, or MM/DD with season=YYYY for a daily show", ep);
  if (!season || *season < 1900 || *season > 2999)
    return incorrect("season", "must be a year (YYYY) when ep is a date (MM/DD)",
                     season ? std::to_string(*season) : std::string("(none)"));
  return fmt::format("{:04}-{:02}-{:02}", *season, *month, *day);
}

int default_category(TorznabFunction f) {
  switch (f) {
    case TorznabFunction::tvsearch: return 5000;
    case TorznabFunction::movie: return 2000;
    case TorznabFunction::music: return 3000;
    case TorznabFunction::book: return 7000;
    default: return 0;
  }
}

}  // namespace

std::string_view function_name(TorznabFunction f) {
  for (const auto& [name, fn] : kFunctions)
    if (fn == f) return name;
  return "search";
}

Result<TorznabRequest> parse_torznab_query(const Params& params) {
  // Names are matched case-blind; the first of a repeated parameter wins,
  // except cat=, whose lists add up. An empty value is no value.
  std::vector<std::pair<std::string, std::string_view>> named;
  named.reserve(params.size());
  for (const auto& [k, v] : params) named.emplace_back(lower(k), v);
  auto first = [&](std::string_view name) -> std::string_view {
    for (const auto& [k, v] : named)
      if (k == name && !v.empty()) return v;
    return {};
  };

  TorznabRequest out;
  const std::string_view t = first("t");
  if (t.empty())
    return fail(ErrorCode::invalid_request,
                "Missing parameter: t (one of caps, search, tvsearch, movie, music, book)", {{"missing", "t"}});
  const std::string function = lower(t);
  auto fn = std::find_if(kFunctions.begin(), kFunctions.end(), [&](const auto& p) { return p.first == function; });
  if (fn == kFunctions.end())
    return fail(ErrorCode::invalid_request,
                fmt::format("No such function: t={}; Helmarr answers caps, search, tvsearch, movie, music, book",
                            quoted(t)),
                {{"parameter", "t"}, {"newznab_code", 202}});
  out.function = fn->second;
  if (out.function == TorznabFunction::caps) return out;  // caps takes no other parameter

  library::SearchQuery& q = out.query;
  // Spaces around the words mean nothing; a q of spaces only is no query
  // (the newest items), as an absent one is.
  std::string_view raw_q = first("q");
  while (!raw_q.empty() && (raw_q.front() == ' ' || raw_q.front() == '\t')) raw_q.remove_prefix(1);
  while (!raw_q.empty() && (raw_q.back() == ' ' || raw_q.back() == '\t')) raw_q.remove_suffix(1);
  q.text = std::string(raw_q);
  if (q.text.size() > kMaxQueryBytes)
    return incorrect("q", fmt::format("must be at most {} bytes", kMaxQueryBytes), q.text);

  for (const auto& [k, v] : named)
    if (k == "cat" && !v.empty())
      if (auto ok = add_categories(q.categories, v); !ok) return tl::unexpected(ok.error());
  if (q.categories.empty())
    if (int c = default_category(out.function)) q.categories.push_back(c);

  q.limit = kDefaultLimit;
  if (auto v = first("limit"); !v.empty()) {
    auto n = digits(v, kMaxLimit);
    if (!n) return incorrect("limit", "must be a whole number", v);
    if (*n > 0) q.limit = static_cast<int>(std::min<std::int64_t>(*n, kMaxLimit));  // 0: the default
  }
  if (auto v = first("offset"); !v.empty()) {
    auto n = bounded("offset", v, 0, kMaxOffset);
    if (!n) return tl::unexpected(n.error());
    q.offset = static_cast<int>(*n);
  }

  std::optional<std::int64_t> season;
  if (auto v = first("season"); !v.empty()) {
    auto n = bounded("season", v, 0, 9999);  // "00" is season 0, the specials
    if (!n) return tl::unexpected(n.error());
    season = *n;
  }
  if (auto v = first("ep"); !v.empty()) {
    if (v.find('/') != std::string_view::npos) {
      auto date = air_date(season, v);
      if (!date) return tl::unexpected(date.error());
      q.air_date = std::move(*date);
      season.reset();
    } else {
      auto n = bounded("ep", v, 0, 99999);
      if (!n) return tl::unexpected(n.error());
      if (season) {
        q.episode = static_cast<int>(*n);
      } else if (!out.unsupported) {
        out.unsupported = "ep";  // an absolute episode number: the library numbers by season
      }
    }
  }
  if (season) q.season = static_cast<int>(*season);

  if (auto v = first("year"); !v.empty()) {
    auto n = bounded("year", v, 1800, 2999);
    if (!n) return tl::unexpected(n.error());
    q.year = static_cast<int>(*n);
  }

  for (auto [name, slot] : {std::pair{"imdbid", &q.ids.imdb}, std::pair{"tmdbid", &q.ids.tmdb},
                            std::pair{"tvdbid", &q.ids.tvdb}}) {
    if (auto v = first(name); !v.empty()) {
      auto id = external_id(name, v);
      if (!id) return tl::unexpected(id.error());
      *slot = *id;
    }
  }

  if (!out.unsupported)
    for (auto name : kUnsupportedFilters)
      if (!first(name).empty()) {
        out.unsupported = std::string(name);
        break;
      }

  q.sort = q.text.empty() ? library::SortOrder::newest : library::SortOrder::relevance;
  return out;
}

}  // namespace helmarr::api::torznab
