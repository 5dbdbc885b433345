#pragma once
// The filters a search can apply, as words in the full-text index's second
// column ("terms"). Filters then run inside the full-text engine, where an
// AND of posting lists skips ahead instead of checking rows one by one: a
// common word with a rare filter ("1080p" in category 7020) stays cheap.
// Pure functions; the same words are written at ingest and asked for at search.
#include <string>
#include <string_view>
#include <vector>

#include "library/torrent_record.h"
#include "media/content_type.h"

namespace helmarr::library::terms {

// Every torrent has this one: the universe, for queries of exclusions only.
inline constexpr std::string_view kAll = "all";
// Torrents with no external id yet (matched by id searches that also have text).
inline constexpr std::string_view kNoIds = "noid";

std::string content_type(media::ContentType t);  // "tmovie", "ttvshow"
std::string category(int code);                  // "c5040"
std::string year(int y);                         // "y2019"
std::string season(int s);                       // "s3": an episode of season 3 or a pack holding it
std::string episode(int s, int e);               // "s3e7"
std::string season_pack(int s);                  // "p3"
std::string air_date(std::string_view yyyy_mm_dd);  // "d20240115"; empty when malformed
std::string resolution(std::string_view r);      // "1080p" -> "r1080"; empty when not one
std::string quality(std::string_view q);         // "WEBDL-1080p" -> "qwebdl1080p"
std::string imdb(std::int64_t id);               // "im133093"
std::string tmdb(std::int64_t id);               // "tm603"
std::string tvdb(std::int64_t id);               // "tv81189"
std::string language(std::string_view iso);      // "lfr"

// All of a record's terms, space-separated, in a fixed order.
std::string for_record(const TorrentRecord& r);

}  // namespace helmarr::library::terms
