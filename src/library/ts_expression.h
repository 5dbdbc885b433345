#pragma once
// The library's words as PostgreSQL full-text values. Helmarr builds the
// tsvector itself from the same words the SQLite index holds (index_words:
// letters and digits, case and Latin accents folded), so both engines match
// the same things: name words carry weight A, filter terms weight B, and a
// query restricts each word to its weight as FTS5 restricts it to its
// column. Pure.
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

}  // namespace helmarr::library
