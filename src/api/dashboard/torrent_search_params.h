#pragma once
// The parameters of GET /api/torrents (and `helmarr search`) from outside,
// checked once into a library::SearchQuery:
//   q             free text in the library's query language; at most 1000 bytes, no control characters
//   content_type  one of media::kContentTypeNames, or "tv" (BitAgent's word for tv_show); "" = any
//   limit         1..500, default 50
//   offset        >= 0, default 0
// Anything else is invalid_request whose message starts with the parameter's
// name and whose details carry {"parameter": name}.
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "http/request.h"
#include "library/search.h"

namespace helmarr::api::dashboard {

struct TorrentSearchParams {
  std::optional<std::string_view> q;
  std::optional<std::string_view> content_type;
  std::optional<std::string_view> limit;
  std::optional<std::string_view> offset;
};

inline constexpr int kDefaultTorrentLimit = 50;
inline constexpr int kMaxTorrentLimit = 500;
inline constexpr std::size_t kMaxQueryBytes = 1000;

// "movie, tv_show, ..., unknown": the content_type values, for messages and help.
std::string content_type_choices();

Result<library::SearchQuery> parse_torrent_search(const TorrentSearchParams& params);

// The four parameters of a request's query string; a parameter given twice
// is an error naming it (which one was meant is not guessed). Others (apikey,
// cache busters) are ignored.
Result<TorrentSearchParams> torrent_search_params(const http::Request& req);

}  // namespace helmarr::api::dashboard
