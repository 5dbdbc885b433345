#pragma once
// What every engine's search does once it has its candidates: totals
// (exact, estimated, or a sum of maintained counters), ranking, the page's
// rows, facets; and the browse of an unconstrained query. Portable SQL.
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "library/library.h"
#include "library/query_language.h"
#include "library/relevance.h"
#include "library/search.h"
#include "store/database.h"

namespace helmarr::library {

// Matches counted exactly before the total becomes an estimate.
inline constexpr std::int64_t kCountBudget = 2000;
// Candidates ranked by relevance / sorted by size or seeders.
inline constexpr std::int64_t kRankBudget = 1000;
inline constexpr std::int64_t kSortBudget = 5000;
inline constexpr int kMaxOffset = 100000;

// A search's text as every engine needs it: the terms, whether any word is
// asked for (not only exclusions), and the words relevance ranks by. Checks
// limit and offset first (invalid_request naming the parameter).
struct ParsedSearch {
  std::vector<QueryTerm> terms;
  bool has_text = false;
  RankWords rank;
};
Result<ParsedSearch> parse_search(const SearchQuery& q);

// find(): the row find_row finds (or none) with its files, in one snapshot.
Result<std::optional<TorrentDetail>> read_detail(
    store::Database& db, const std::function<Result<std::optional<store::Row>>(store::Session&)>& find_row);
// The maintained counters.
Result<LibraryCounts> read_counts(store::Session& s);
// A torrent's kept files, in order.
Result<std::vector<TorrentFile>> files_of(store::Session& s, std::int64_t torrent_id);

// Relevance without words to rank by is newest.
SortOrder effective_sort(const SearchQuery& q, bool has_text);
// How many candidates, newest first, the sort needs (at least the window).
std::int64_t candidate_budget(const SearchQuery& q, SortOrder sort);

Result<std::int64_t> counter(store::Session& s, const std::string& key);
// The records of ids, in that order.
Result<std::vector<TorrentRecord>> rows_by_id(store::Session& s, std::span<const std::int64_t> ids);
// No constraint at all: the table's own order and the counters.
Result<void> browse(store::Session& s, const SearchQuery& q, SearchPage& page);
// Total matches: exact up to the budget, else estimated from the id the
// budget reached (ids grow with insertion) and flagged.
Result<void> set_total(store::Session& s, const std::vector<std::int64_t>& ids, std::int64_t budget,
                       SearchPage& page);
// The counters whose sum is exactly the number of matches, when the query is
// nothing but content types, or nothing but categories.
std::optional<std::vector<std::string>> counter_keys(const SearchQuery& q, bool constrained, bool has_text);

// candidates: newest first, each row id, then (relevance) title, seeders or
// (size, seeders) that value, and last the content type when facets are
// asked. page.total is set already; this ranks, fetches the page's rows and
// counts facets.
Result<void> finish_page(store::Session& s, const SearchQuery& q, SortOrder sort, std::int64_t budget, bool has_text,
                         bool constrained, const RankWords& rank, const std::vector<store::Row>& candidates,
                         SearchPage& page);

}  // namespace helmarr::library
