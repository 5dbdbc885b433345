#pragma once
// The Torznab query string (?t=…&q=…&cat=…) as a library::SearchQuery.
// Pure and total: any list of decoded query pairs gives either a request or
// an Error a Newznab client understands (200 missing parameter, 201
// incorrect parameter naming it, 202 no such function). Fuzzed.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "library/search.h"

namespace helmarr::api::torznab {

enum class TorznabFunction { caps, search, tvsearch, movie, music, book };

// Paging as caps advertises it (<limits max default/>).
inline constexpr int kMaxLimit = 100;
inline constexpr int kDefaultLimit = 100;
inline constexpr int kMaxOffset = 10'000'000;
inline constexpr std::size_t kMaxQueryBytes = 512;
inline constexpr std::size_t kMaxCategories = 64;

// What caps advertises per search type: exactly the parameters below that
// narrow the search (q and the ids, season/ep, year), nothing else.
inline constexpr std::string_view kSearchParams = "q";
inline constexpr std::string_view kTvSearchParams = "q,season,ep,imdbid,tvdbid,tmdbid";
inline constexpr std::string_view kMovieSearchParams = "q,imdbid,tmdbid,year";
inline constexpr std::string_view kMusicSearchParams = "q";
inline constexpr std::string_view kBookSearchParams = "q";

struct TorznabRequest {
  TorznabFunction function = TorznabFunction::search;
  // Without cat=, a typed search keeps to its parent category (tvsearch:
  // 5000, movie: 2000, music: 3000, book: 7000). Sort: relevance with q,
  // newest without (what the *arr apps' RSS sync and indexer test need).
  library::SearchQuery query;
  // Set when the request filters on something Helmarr cannot honour
  // (tvmazeid=, rid=, artist=, ep= without season=, ...): the answer is an
  // empty feed, never an error, as the spec asks. Names the parameter.
  std::optional<std::string> unsupported;
};

Result<TorznabRequest> parse_torznab_query(const std::vector<std::pair<std::string, std::string>>& params);

std::string_view function_name(TorznabFunction f);

}  // namespace helmarr::api::torznab
