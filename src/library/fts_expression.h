#pragma once
// A SearchQuery as one FTS5 MATCH expression over the index's two columns:
// the torrent's name (the words the user typed) and its terms (the filters,
// see facet_terms.h). Every user word goes in as a quoted string, so nothing
// a user types is ever read as FTS5 syntax. SQLite dialect; pure.
#include <string>
#include <vector>

#include "library/query_language.h"
#include "library/search.h"

namespace helmarr::library {

struct FtsExpression {
  std::string match;      // empty: the query constrains nothing the index holds
  bool has_text = false;  // words to rank by
};

FtsExpression fts_expression(const std::vector<QueryTerm>& terms, const SearchQuery& query);

// "say ""hi""" for say "hi": an FTS5 string.
std::string fts_string(std::string_view s);

}  // namespace helmarr::library
