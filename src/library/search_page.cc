#include "library/search_page.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include <fmt/format.h>

#include "library/torrent_row.h"

namespace helmarr::library {

using store::Row;
using store::Session;
using store::Value;

Result<ParsedSearch> parse_search(const SearchQuery& q) {
  if (q.limit < 1 || q.limit > 500) return fail(ErrorCode::invalid_request, "limit must be between 1 and 500");
  if (q.offset < 0 || q.offset > kMaxOffset) {
    return fail(ErrorCode::invalid_request, fmt::format("offset must be between 0 and {}", kMaxOffset));
  }
  auto terms = parse_query(q.text);
  if (!terms) return tl::unexpected(terms.error());
  ParsedSearch out;
  out.terms = std::move(*terms);
  for (const auto& t : out.terms) {
    if (t.excluded) continue;
    out.has_text = true;
    for (auto& w : index_words(t.text)) (t.prefix ? out.rank.prefixes : out.rank.words).push_back(std::move(w));
  }
  return out;
}

Result<std::optional<TorrentDetail>> read_detail(
    store::Database& db, const std::function<Result<std::optional<Row>>(Session&)>& find_row) {
  std::optional<TorrentDetail> out;
  auto read = db.read([&](Session& s) -> Result<void> {
    auto row = find_row(s);
    if (!row) return tl::unexpected(row.error());
    if (!*row) return {};
    TorrentDetail d;
    d.torrent = record_from(**row);
    auto files = files_of(s, d.torrent.id);
    if (!files) return tl::unexpected(files.error());
    d.files = std::move(*files);
    out = std::move(d);
    return {};
  });
  if (!read) return tl::unexpected(read.error());
  return out;
}

Result<LibraryCounts> read_counts(Session& s) {
  auto rows = s.query("SELECT key, value FROM library_counters");
  if (!rows) return tl::unexpected(rows.error());
  LibraryCounts c;
  for (const auto& row : *rows) {
    const std::string key = row.text_at(0);
    const std::int64_t v = row.int_at(1);
    if (key == "torrents") c.torrents = v;
    else if (key == "releases") c.releases = v;
    else if (key == "last_added_at") c.last_added_at = v;
    else if (key.starts_with("ct:") && v > 0) c.by_content_type.emplace_back(key.substr(3), v);
  }
  return c;
}

Result<std::vector<TorrentFile>> files_of(Session& s, std::int64_t torrent_id) {
  const std::vector<Value> p{torrent_id};
  auto rows = s.query("SELECT path, size FROM torrent_files WHERE torrent_id = ? ORDER BY idx", p);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<TorrentFile> out;
  out.reserve(rows->size());
  for (const auto& f : *rows) out.push_back({f.text_at(0), static_cast<std::uint64_t>(f.int_at(1))});
  return out;
}

SortOrder effective_sort(const SearchQuery& q, bool has_text) {
  return (q.sort == SortOrder::relevance && !has_text) ? SortOrder::newest : q.sort;
}

std::int64_t candidate_budget(const SearchQuery& q, SortOrder sort) {
  std::int64_t budget = kCountBudget;
  if (sort == SortOrder::relevance) budget = kRankBudget;
  if (sort == SortOrder::size || sort == SortOrder::seeders) budget = kSortBudget;
  return std::max<std::int64_t>(budget, q.offset + q.limit);
}

Result<std::int64_t> counter(Session& s, const std::string& key) {
  const std::vector<Value> p{key};
  auto rows = s.query("SELECT value FROM library_counters WHERE key = ?", p);
  if (!rows) return tl::unexpected(rows.error());
  return rows->empty() ? 0 : rows->front().int_at(0);
}

Result<std::vector<TorrentRecord>> rows_by_id(Session& s, std::span<const std::int64_t> ids) {
  std::vector<TorrentRecord> out;
  if (ids.empty()) return out;
  std::string sql = fmt::format("SELECT {} FROM torrents WHERE id IN (", kTorrentColumns);
  std::vector<Value> p;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    sql += i ? ",?" : "?";
    p.emplace_back(ids[i]);
  }
  sql += ")";
  auto rows = s.query(sql, p);
  if (!rows) return tl::unexpected(rows.error());
  std::map<std::int64_t, TorrentRecord> by_id;
  for (const auto& row : *rows) {
    auto r = record_from(row);
    by_id.emplace(r.id, std::move(r));
  }
  for (auto id : ids) {
    if (auto it = by_id.find(id); it != by_id.end()) out.push_back(std::move(it->second));
  }
  return out;
}

// No constraint at all: the table's own order and the counters.
Result<void> browse(Session& s, const SearchQuery& q, SearchPage& page) {
  const std::vector<Value> p{std::int64_t{q.limit}, std::int64_t{q.offset}};
  auto rows = s.query(fmt::format("SELECT {} FROM torrents ORDER BY id DESC LIMIT ? OFFSET ?", kTorrentColumns), p);
  if (!rows) return tl::unexpected(rows.error());
  for (const auto& row : *rows) page.items.push_back(record_from(row));
  auto total = counter(s, "torrents");
  if (!total) return tl::unexpected(total.error());
  page.total = *total;
  if (q.facets) {
    auto rows2 = s.query("SELECT key, value FROM library_counters WHERE key LIKE 'ct:%' AND value > 0");
    if (!rows2) return tl::unexpected(rows2.error());
    for (const auto& row : *rows2) page.facets.emplace_back(row.text_at(0).substr(3), row.int_at(1));
  }
  return {};
}

// Total matches: exact up to the budget, else estimated from the id the
// budget reached (ids grow with insertion; no deletes yet).
Result<void> set_total(Session& s, const std::vector<std::int64_t>& ids, std::int64_t budget,
                              SearchPage& page) {
  if (static_cast<std::int64_t>(ids.size()) <= budget) {
    page.total = static_cast<std::int64_t>(ids.size());
    return {};
  }
  auto rows = s.query("SELECT max(id) FROM torrents");
  if (!rows) return tl::unexpected(rows.error());
  auto all = counter(s, "torrents");
  if (!all) return tl::unexpected(all.error());
  const std::int64_t max_id = rows->empty() ? 0 : rows->front().int_at(0);
  const std::int64_t reached = ids[static_cast<std::size_t>(budget) - 1];
  // budget matches among the ids above `reached`: the same density below.
  const double estimate = static_cast<double>(budget) * static_cast<double>(max_id) /
                          static_cast<double>(std::max<std::int64_t>(1, max_id - reached + 1));
  page.total = std::clamp<std::int64_t>(std::llround(estimate), budget + 1, std::max(*all, budget + 1));
  page.total_estimated = true;
  return {};
}

// The counters whose sum is exactly the number of matches, when the query
// is nothing but content types, or nothing but categories (a category
// below a parent that is also asked for would count twice, so it goes).
std::optional<std::vector<std::string>> counter_keys(const SearchQuery& q, bool constrained, bool has_text) {
  if (!constrained) return std::vector<std::string>{"torrents"};
  const bool other = has_text || q.year || !q.resolutions.empty() || q.quality || q.season || q.episode ||
                     !q.air_date.empty() || q.info_hash || !q.ids.empty() || !q.text.empty();
  if (other || (q.content_types.empty() == q.categories.empty())) return std::nullopt;
  std::set<std::string> keys;
  for (auto t : q.content_types) keys.insert(fmt::format("ct:{}", media::to_string(t)));
  const std::set<int> asked(q.categories.begin(), q.categories.end());
  for (int c : asked) {
    const int parent = c / 1000 * 1000;
    if (parent != c && asked.count(parent)) continue;
    keys.insert(fmt::format("cat:{}", c));
  }
  return std::vector<std::string>(keys.begin(), keys.end());
}

Result<void> finish_page(Session& s, const SearchQuery& q, SortOrder sort, std::int64_t budget, bool has_text,
                         bool constrained, const RankWords& rank, const std::vector<Row>& candidates,
                         SearchPage& page) {
  const auto* rows = &candidates;
  const std::int64_t window = q.offset + q.limit;
  if (page.total_estimated) {
    // A query of one kind of filter only is a sum of maintained counters.
    if (auto keys = counter_keys(q, constrained, has_text)) {
      std::int64_t sum = 0;
      for (const auto& key : *keys) {
        auto n = counter(s, key);
        if (!n) return tl::unexpected(n.error());
        sum += *n;
      }
      page.total = sum;
      page.total_estimated = false;
    }
  }

  const std::size_t ranked = std::min<std::size_t>(rows->size(), static_cast<std::size_t>(budget));
  std::vector<std::size_t> order(ranked);
  std::iota(order.begin(), order.end(), 0);
  const auto& r = *rows;
  if (sort == SortOrder::relevance) {
    std::vector<double> score(ranked);
    for (std::size_t i = 0; i < ranked; ++i) {
      score[i] = relevance(rank, r[i].text_at(1), opt_int(r[i], 2));
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
  } else if (sort == SortOrder::size || sort == SortOrder::seeders) {
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return r[a].int_at(1) > r[b].int_at(1); });
  }
  std::vector<std::int64_t> page_ids;
  for (std::size_t i = static_cast<std::size_t>(q.offset); i < order.size() && i < static_cast<std::size_t>(window);
       ++i) {
    page_ids.push_back(r[order[i]].int_at(0));
  }
  auto items = rows_by_id(s, page_ids);
  if (!items) return tl::unexpected(items.error());
  page.items = std::move(*items);

  if (q.facets) {
    const std::size_t col = r.empty() ? 0 : r.front().values.size() - 1;
    std::map<std::int64_t, std::int64_t> by_type;
    for (std::size_t i = 0; i < ranked; ++i) ++by_type[r[i].int_at(col)];
    const double scale = ranked ? static_cast<double>(page.total) / static_cast<double>(ranked) : 0;
    for (const auto& [type, n] : by_type) {
      if (type < 0 || type >= static_cast<std::int64_t>(media::kContentTypeNames.size())) continue;
      page.facets.emplace_back(std::string(media::kContentTypeNames[static_cast<std::size_t>(type)]),
                               page.total_estimated ? std::llround(static_cast<double>(n) * scale) : n);
    }
  }
  return {};
}

}  // namespace helmarr::library
