#pragma once
// The library's words as PostgreSQL full-text values. Helmarr builds the
// tsvector itself from the same words the SQLite index holds (index_words:
// letters and digits, case and Latin accents folded), so both engines match
// the same things: name words carry weight A, filter terms weight B, and a
// query restricts each word to its weight as FTS5 restricts it to its
// column. Pure.
#include <cstdint>
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
