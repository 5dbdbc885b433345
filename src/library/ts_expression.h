#pragma once
// The library's words as PostgreSQL full-text values. Helmarr builds the
// tsvector itself from the same words the SQLite index holds (index_words:
// letters and digits, case and Latin accents folded), so both engines match
// the same things: name words carry weight A, filter terms weight B, and a
// query restricts each word to its weight as FTS5 restricts it to its
// column. Pure.
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "library/fts_expression.h"
#include "library/query_language.h"

namespace helmarr::library {

// "'the':1A 'office':2A 'tmovie':3B ..." for ?::tsvector.
std::string tsvector_text(std::string_view name, std::string_view terms);

// The query's words and the given filters for ?::tsquery; "" when the query
// constrains nothing.
std::string tsquery_text(const std::vector<QueryTerm>& terms, const std::vector<FilterGroup>& groups);

// A query as the index is asked it and as rows are checked. `full` is the
// query, with weights (a name word at A, a filter term at B). GIN cannot
// check weights, and a weighted query stops it skipping through long
// posting lists (80 ms against 0.5 ms for four common words within one
// bucket at ten million torrents), so the index is asked without them and
// `full` is checked on the rows it finds. `index` holds the ways to ask
// it, cheapest first, the last the whole query: for each cap, the query
// without the words or filters `share` says more than that share of the
// library holds (intersecting their lists costs more than checking the rows
// the rest finds) and without the exclusions, when something under the cap
// remains.
struct TsQueryParts {
  std::vector<std::string> index;
  std::string full;
};
TsQueryParts tsquery_parts(const std::vector<QueryTerm>& terms, const std::vector<FilterGroup>& groups,
                           const std::function<double(std::span<const std::string>)>& share,
                           std::span<const double> caps);

// Every row's tsvector also holds the bucket of its id at two sizes,
// '~b<id >> 12>' and '~c<id >> 18>' ('~' is in no word or term), added by a
// trigger (library migration 2 on PostgreSQL). GIN keeps no order, so
// "newest first" searches a window of recent buckets at a time: ANDed with
// the window, the index reads the window's entries, not every torrent that
// holds a common word (postgres_library.cc).
inline constexpr int kFineBucketBits = 12;
inline constexpr int kCoarseBucketBits = 18;

// The fine buckets [first, last] as a tsquery: "('~b70' | '~c1' | ...)",
// whole coarse buckets as one lexeme.
std::string bucket_window_query(std::int64_t first, std::int64_t last);

}  // namespace helmarr::library
