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

// One filter of a query as the index holds it: rows holding any of these
// terms (facet_terms.h). A filter nothing can have is the group {"none"}.
enum class FilterKind { content_type, category, year, resolution, quality, episode, air_date, ids };
struct FilterGroup {
  FilterKind kind;
  std::vector<std::string> any_of;  // sorted, unique, never empty
};

// The query's filters; has_text: the query has words (an id search then also
// matches torrents not identified yet).
std::vector<FilterGroup> filter_groups(const SearchQuery& query, bool has_text);

// The words and the given filters as one expression.
FtsExpression fts_expression(const std::vector<QueryTerm>& terms, const std::vector<FilterGroup>& groups);
// The words and every filter of the query.
FtsExpression fts_expression(const std::vector<QueryTerm>& terms, const SearchQuery& query);

// "say ""hi""" for say "hi": an FTS5 string.
std::string fts_string(std::string_view s);

}  // namespace helmarr::library
