#pragma once
// How well a torrent that matched every word answers the query. FTS5's
// bm25() counts, for each word, every row holding it — a scan of the whole
// posting list of "1080p" at ten million torrents — so Helmarr ranks the
// candidates itself from what they hold: a parsed title made of exactly the
// query's words beats one that merely contains them, then more seeders,
// then newer. Pure.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace helmarr::library {

struct RankWords {
  std::vector<std::string> words;     // whole words the user typed (index_words)
  std::vector<std::string> prefixes;  // word* terms
};

double relevance(const RankWords& query, std::string_view title, std::optional<std::int64_t> seeders);

}  // namespace helmarr::library
