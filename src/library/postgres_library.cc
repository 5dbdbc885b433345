// The library on PostgreSQL: the same rows as on SQLite, with a tsvector
// column (`words`, built by Helmarr from the same words the SQLite index
// holds, ts_expression.h) under a GIN index, unique info-hash indexes, the
// same counters. Several processes may write at once: an insert that meets
// a torrent another process just wrote (ON CONFLICT) becomes an update.
//
// Search: the words and filters as a tsquery, asked of the index without
// weights and without its commonest parts, checked on rows whole
// (tsquery_parts); its newest matches found a window of id buckets at a
// time (newest_matches), so a page costs about what it reads however common
// the words, as FTS5's id-ordered index gives on SQLite; then the totals,
// ranking and page every engine shares (search_page.h).
#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "library/counter_deltas.h"
#include "library/fts_expression.h"
#include "library/library_service.h"
#include "library/query_language.h"
#include "library/record_builder.h"
#include "library/search_page.h"
#include "library/stored_library.h"
#include "library/torrent_row.h"
#include "library/ts_expression.h"

namespace helmarr::library {
namespace {

using store::Row;
using store::Session;
using store::Value;

class PostgresLibrary final : public StoredLibrary {
 public:
  using StoredLibrary::StoredLibrary;

  Result<UpsertCounts> write(std::span<const ImportRecord> batch, std::vector<TorrentRecord> built) override {
    return write_batch(batch, built.size(), [&](Session& s, std::int64_t now, CounterDeltas& deltas,
                                                UpsertCounts& counts) -> Result<void> {
      // A batch costs a few round trips, not a few per torrent: one lookup
      // of which torrents the library holds, the new ones in multi-row
      // inserts, their files likewise; the rest (held, repeated within the
      // batch, or written by another process meanwhile) one at a time, in
      // the batch's order.
      auto held = held_hashes(s, batch);
      if (!held) return tl::unexpected(held.error());
      std::vector<std::size_t> fresh, rest;
      std::unordered_set<std::string> seen;
      for (std::size_t i = 0; i < batch.size(); ++i) {
        bool known = false;
        for (const auto& key : hash_keys(batch[i].info_hash)) {
          known = known || held->count(key) || !seen.insert(key).second;
        }
        (known ? rest : fresh).push_back(i);
      }
      auto lost = insert_fresh(s, batch, built, fresh, now, deltas, counts);
      if (!lost) return tl::unexpected(lost.error());
      rest.insert(rest.end(), lost->begin(), lost->end());
      std::sort(rest.begin(), rest.end());
      for (std::size_t i : rest) {
        if (auto one = write_one(s, batch[i], built[i], now, deltas, counts); !one) return one;
      }
      return {};
    });
  }

  Result<std::optional<TorrentDetail>> find(const torrent::InfoHash& hash) override {
    return read_detail(db_, [&](Session& s) { return find_row(s, hash, false); });
  }

  Result<SearchPage> search(const SearchQuery& q) override {
    auto parsed = parse_search(q);
    if (!parsed) return tl::unexpected(parsed.error());
    const auto* terms = &parsed->terms;
    const bool has_text = parsed->has_text;
    const RankWords& rank = parsed->rank;
    const auto groups = filter_groups(q, has_text);
    SearchPage page;
    auto read = db_.read([&](Session& s) -> Result<void> {
      auto shares = common_lexemes(s);
      if (!shares) return tl::unexpected(shares.error());
      // Left out of the index first: what more than the common share of the
      // library holds; if that leaves too many rows to check, what more
      // than a twentieth holds ("the", TV, a year of movies).
      const double caps[] = {(*shares)->cap, std::max((*shares)->cap, 0.05)};
      const TsQueryParts parts = tsquery_parts(*terms, groups, [&](std::span<const std::string> words) {
        double share = 0;
        for (const auto& w : words) {
          if (auto it = (*shares)->by_word.find(w); it != (*shares)->by_word.end()) share += it->second;
        }
        return share;
      }, caps);
      const std::string& tsquery = parts.full;
      const bool ordered = q.sort == SortOrder::size || q.sort == SortOrder::seeders;
      if (tsquery.empty() && !q.info_hash && !ordered) return browse(s, q, page);
      std::optional<std::int64_t> only_id;
      if (q.info_hash) {
        auto row = find_row(s, *q.info_hash, true);
        if (!row) return tl::unexpected(row.error());
        if (!*row) return {};  // no such torrent: nothing matches
        only_id = (**row).int_at(0);
      }
      const SortOrder sort = effective_sort(q, has_text);
      const std::int64_t budget = candidate_budget(q, sort);
      const char* extra = "";
      if (sort == SortOrder::relevance) extra = ", title, seeders";
      if (sort == SortOrder::size) extra = ", size";
      if (sort == SortOrder::seeders) extra = ", seeders";
      const std::string columns = fmt::format("id{}{}", extra, q.facets ? ", content_type" : "");
      Result<std::vector<Row>> rows = std::vector<Row>();
      if (only_id) {
        std::vector<Value> p;
        std::string where;
        if (!tsquery.empty()) {
          where = "words @@ ?::tsquery AND ";
          p.emplace_back(tsquery);
        }
        p.emplace_back(*only_id);
        rows = s.query(fmt::format("SELECT {} FROM torrents WHERE {}id = ?", columns, where), p);
      } else if (tsquery.empty()) {
        const std::vector<Value> p{budget + 1};
        rows = s.query(fmt::format("SELECT {} FROM torrents ORDER BY id DESC LIMIT ?", columns), p);
      } else {
        rows = newest_matches(s, columns, parts, budget + 1);
      }
      std::vector<std::int64_t> ids;
      ids.reserve(rows->size());
      for (const auto& row : *rows) ids.push_back(row.int_at(0));
      if (auto t = set_total(s, ids, budget, page); !t) return t;
      return finish_page(s, q, sort, budget, has_text, !tsquery.empty(), rank, *rows, page);
    });
    if (!read) return tl::unexpected(read.error());
    return page;
  }

 private:
  static Result<std::optional<Row>> find_row(Session& s, const torrent::InfoHash& hash, bool id_only) {
    // Built once: this runs once per written record.
    static const std::array<std::string, 4> sql = [] {
      std::array<std::string, 4> out;
      for (int c = 0; c < 2; ++c) {
        for (int v = 0; v < 2; ++v) {
          out[static_cast<std::size_t>(c * 2 + v)] = fmt::format(
              "SELECT {} FROM torrents WHERE {} = ?", c ? "id" : kTorrentColumns, v ? "hash2" : "hash1");
        }
      }
      return out;
    }();
    auto by = [&](bool v2, Value v) -> Result<std::optional<Row>> {
      const std::vector<Value> p{std::move(v)};
      auto rows = s.query(sql[(id_only ? 2 : 0) + (v2 ? 1 : 0)], p);
      if (!rows) return tl::unexpected(rows.error());
      if (rows->empty()) return std::optional<Row>();
      return std::optional<Row>(std::move(rows->front()));
    };
    if (hash.v1) {
      auto row = by(false, hash_value(hash.v1));
      if (!row || *row) return row;
    }
    if (hash.v2) return by(true, hash_value(hash.v2));
    return std::optional<Row>();
  }

  // The newest `want` rows that match the query, newest first. A window of
  // recent id buckets at a time (ts_expression.h): the first one bucket,
  // each next one as wide as the share of matches found so far says finding
  // the rest takes (at least twice the last, at most sixteen times),
  // widened to whole coarse buckets once it spans half of one, the last
  // reaching the oldest bucket (that one without buckets). The index is
  // asked q.index[0] and q.full is checked on the rows it finds (ts_match_vq
  // is @@ without the index); when finding enough would check more than
  // scan_budget rows, the index is asked the next, fuller form from there on.
  //
  // The window is a condition of its own, not ANDed into the query: GIN
  // then leapfrogs two keys, each skipping to where the other is, and the
  // query's commonest words are read only within the window. One key holding
  // both would read every entry of the window's buckets one by one (half a
  // second for 171 buckets at ten million torrents; 12 ms as two keys, 3 ms
  // as one coarse bucket). No ORDER BY: the planner then always serves it
  // from the index, never by walking the table newest first.
  Result<std::vector<Row>> newest_matches(Session& s, const std::string& columns, const TsQueryParts& q,
                                          std::int64_t want) const {
    constexpr std::int64_t kPerCoarse = std::int64_t{1} << (kCoarseBucketBits - kFineBucketBits);
    constexpr double kFine = static_cast<double>(std::int64_t{1} << kFineBucketBits);
    std::vector<Row> out;
    auto top = s.query("SELECT max(id) FROM torrents");
    if (!top) return tl::unexpected(top.error());
    if (top->empty() || top->front().is_null(0)) return out;
    std::int64_t below = top->front().int_at(0) + 1;  // ids below this are left
    std::int64_t searched = 0;                         // ids the windows covered
    std::int64_t level_searched = 0, checked = 0;      // ... and rows the index gave, at this level
    std::int64_t width = 1;
    std::size_t level = 0;
    const auto statement = [&](bool windowed) {
      return fmt::format("SELECT {}, ts_match_vq(words, ?::tsquery)::int FROM torrents WHERE words @@ ?::tsquery{}",
                         columns, windowed ? " AND words @@ ?::tsquery AND id >= ? AND id < ?" : " AND id < ?");
    };
    const std::string windowed = statement(true), rest = statement(false);
    while (static_cast<std::int64_t>(out.size()) < want && below > 0) {
      const std::int64_t last = (below - 1) >> kFineBucketBits;
      std::int64_t first = std::max<std::int64_t>(0, last - width + 1);
      if (width >= kPerCoarse / 2) first = first / kPerCoarse * kPerCoarse;
      const std::int64_t lo = first << kFineBucketBits;
      // The last window, down to the oldest torrent, needs no buckets.
      std::vector<Value> p{q.full, q.index[level]};
      if (first > 0) {
        p.emplace_back(bucket_window_query(first, last));
        p.emplace_back(lo);
      }
      p.emplace_back(below);
      auto rows = s.query(first > 0 ? windowed : rest, p);
      if (!rows) return tl::unexpected(rows.error());
      checked += static_cast<std::int64_t>(rows->size());
      std::sort(rows->begin(), rows->end(), [](const Row& a, const Row& b) { return a.int_at(0) > b.int_at(0); });
      for (auto& row : *rows) {
        if (static_cast<std::int64_t>(out.size()) == want) break;
        if (row.int_at(row.values.size() - 1) == 0) continue;  // the rows' check refused it
        row.values.pop_back();
        out.push_back(std::move(row));
      }
      searched += below - lo;
      level_searched += below - lo;
      below = lo;
      // At the share found so far, the ids finding the rest covers ...
      const auto found = static_cast<double>(out.size());
      const double needed =
          (static_cast<double>(want) - found) / ((found + 1) / static_cast<double>(searched)) * 1.25;
      // ... and the rows checking them reads: past the budget, the index is
      // asked more of the query.
      const double reads = needed * (static_cast<double>(checked) + 1) / static_cast<double>(level_searched);
      if (level + 1 < q.index.size() && static_cast<double>(checked) + reads > static_cast<double>(options_.scan_budget)) {
        ++level;
        checked = level_searched = 0;
      }
      width = std::clamp(static_cast<std::int64_t>(std::min(std::ceil(needed / kFine), 1e12)), width * 2, width * 16);
    }
    return out;
  }

  // The share of torrents holding each of the commonest lexemes, from the
  // planner's statistics of `words` (most_common_elems: ANALYZE, which
  // autovacuum runs, keeps them), reread every ten minutes. Empty for a
  // library under four times common_word_floor: there every word is cheap.
  struct Shares {
    std::unordered_map<std::string, double> by_word;
    double cap = 1.0;  // a larger share is common
  };
  Result<std::shared_ptr<const Shares>> common_lexemes(Session& s) {
    const auto now = clock_.now();
    {
      std::lock_guard lock(shares_mu_);
      if (shares_ && now - shares_at_ < std::chrono::minutes(10)) return shares_;
    }
    auto all = counter(s, "torrents");
    if (!all) return tl::unexpected(all.error());
    auto shares = std::make_shared<Shares>();
    const std::int64_t cap = std::max<std::int64_t>(options_.common_word_floor, *all / 200);
    if (*all >= 4 * cap) {
      auto rows = s.query(
          "SELECT e.word, e.share_of::float8 FROM pg_stats, unnest(most_common_elems::text::text[], most_common_elem_freqs) "
          "AS e(word, share_of) WHERE schemaname = current_schema() AND tablename = 'torrents' AND attname = 'words'");
      if (!rows) return tl::unexpected(rows.error());
      for (const auto& row : *rows) shares->by_word[row.text_at(0)] = std::get<double>(row.values.at(1));
    }
    if (*all > 0) shares->cap = static_cast<double>(cap) / static_cast<double>(*all);
    std::lock_guard lock(shares_mu_);
    shares_ = shares;
    shares_at_ = now;
    return std::shared_ptr<const Shares>(shares);
  }

  // A hash as the bytes the database returns for it ("1" or "2" first, so
  // a v1 and a v2 hash never meet).
  static std::vector<std::string> hash_keys(const torrent::InfoHash& h) {
    std::vector<std::string> out;
    if (auto v = hash_value(h.v1); std::holds_alternative<store::Blob>(v)) out.push_back("1" + std::get<store::Blob>(v).bytes);
    if (auto v = hash_value(h.v2); std::holds_alternative<store::Blob>(v)) out.push_back("2" + std::get<store::Blob>(v).bytes);
    return out;
  }

  // Which of the batch's hashes the library holds (hash_keys form).
  static Result<std::unordered_set<std::string>> held_hashes(Session& s, std::span<const ImportRecord> batch) {
    std::unordered_set<std::string> out;
    for (const char* column : {"hash1", "hash2"}) {
      std::vector<Value> p;
      for (const auto& r : batch) {
        auto v = column[4] == '1' ? hash_value(r.info_hash.v1) : hash_value(r.info_hash.v2);
        if (std::holds_alternative<store::Blob>(v)) p.push_back(std::move(v));
      }
      for (const std::size_t n : chunk_sizes(p.size(), 512)) {
        std::string sql = fmt::format("SELECT {} FROM torrents WHERE {} IN (?", column, column);
        for (std::size_t i = 1; i < n; ++i) sql += ", ?";
        const std::vector<Value> part(std::make_move_iterator(p.begin()), std::make_move_iterator(p.begin() + n));
        p.erase(p.begin(), p.begin() + n);
        auto rows = s.query(sql + ")", part);
        if (!rows) return tl::unexpected(rows.error());
        for (const auto& row : *rows) out.insert(std::string(1, column[4]) + row.text_at(0));
      }
    }
    return out;
  }

  // n as chunks of at most max, each a power of two below max: few
  // distinct statements to prepare.
  static std::vector<std::size_t> chunk_sizes(std::size_t n, std::size_t max) {
    std::vector<std::size_t> out(n / max, max);
    for (std::size_t size = max / 2; size > 0; size /= 2) {
      if ((n % max) & size) out.push_back(size);
    }
    return out;
  }

  // The records at `which`, none in the library, in multi-row inserts; their
  // files likewise. Returns those another process wrote meanwhile.
  Result<std::vector<std::size_t>> insert_fresh(Session& s, std::span<const ImportRecord> batch,
                                                std::span<const TorrentRecord> built,
                                                const std::vector<std::size_t>& which, std::int64_t now,
                                                CounterDeltas& deltas, UpsertCounts& counts) {
    std::vector<std::size_t> lost;
    std::vector<std::pair<std::int64_t, const std::vector<TorrentFile>*>> with_files;
    std::size_t at = 0;
    for (const std::size_t n : chunk_sizes(which.size(), 64)) {
      std::string sql = fmt::format("INSERT INTO torrents(hash1, hash2, {}, words) VALUES ", kTorrentFields);
      std::vector<Value> p;
      std::unordered_map<std::string, std::size_t> by_key;
      for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = which[at + k];
        sql += k ? ", (?, ?" : "(?, ?";
        for (std::size_t f = 0; f < kTorrentFieldCount; ++f) sql += ", ?";
        sql += ", ?::tsvector)";
        auto values = values_of(built[i]);
        p.insert(p.end(), std::make_move_iterator(values.begin()), std::make_move_iterator(values.end()));
        by_key[hash_keys(batch[i].info_hash).front()] = i;
      }
      auto rows = s.query(sql + " ON CONFLICT DO NOTHING RETURNING id, hash1, hash2", p);
      if (!rows) return tl::unexpected(rows.error());
      std::unordered_set<std::size_t> written;
      for (const auto& row : *rows) {
        const std::string key = row.is_null(1) ? "2" + row.text_at(2) : "1" + row.text_at(1);
        const auto it = by_key.find(key);
        if (it == by_key.end()) return fail(ErrorCode::internal, "an inserted torrent is not in its batch");
        written.insert(it->second);
        if (batch[it->second].files) with_files.emplace_back(row.int_at(0), &*batch[it->second].files);
        deltas.add(built[it->second], +1);
        deltas.added_at(now);
        ++counts.imported;
      }
      for (std::size_t k = 0; k < n; ++k) {
        if (!written.count(which[at + k])) lost.push_back(which[at + k]);
      }
      at += n;
    }
    if (auto f = insert_files(s, with_files); !f) return tl::unexpected(f.error());
    return lost;
  }

  Result<void> insert_files(Session& s, const std::vector<std::pair<std::int64_t, const std::vector<TorrentFile>*>>& lists) {
    const std::size_t keep = static_cast<std::size_t>(std::max(0, options_.files_per_torrent()));
    std::vector<Value> p;
    for (const auto& [id, files] : lists) {
      for (std::size_t i = 0; i < std::min(keep, files->size()); ++i) {
        p.emplace_back(id);
        p.emplace_back(static_cast<std::int64_t>(i));
        p.emplace_back((*files)[i].path);
        p.emplace_back(static_cast<std::int64_t>((*files)[i].size));
      }
    }
    std::size_t at = 0;
    for (const std::size_t n : chunk_sizes(p.size() / 4, 256)) {
      std::string sql = "INSERT INTO torrent_files(torrent_id, idx, path, size) VALUES (?, ?, ?, ?)";
      for (std::size_t i = 1; i < n; ++i) sql += ", (?, ?, ?, ?)";
      const std::vector<Value> part(p.begin() + static_cast<std::ptrdiff_t>(at * 4),
                                    p.begin() + static_cast<std::ptrdiff_t>((at + n) * 4));
      if (auto done = s.execute(sql, part); !done) return tl::unexpected(done.error());
      at += n;
    }
    return {};
  }

  // Many rows per statement: a copy is bound by round trips to the server.
  Result<void> insert_copies(Session& s, std::span<const Row> rows) override {
    constexpr std::size_t kPerStatement = 64;
    const auto sql_for = [](std::size_t n) {
      std::string one = "(";
      for (std::size_t i = 0; i < kTorrentFieldCount + 3; ++i) one += "?, ";
      one += "?::tsvector)";
      std::string sql = fmt::format("INSERT INTO torrents ({}, words) VALUES ", kTorrentColumns);
      for (std::size_t i = 0; i < n; ++i) sql += i ? ", " + one : one;
      return sql + " ON CONFLICT DO NOTHING";
    };
    static const std::string full = sql_for(kPerStatement);
    for (std::size_t at = 0; at < rows.size(); at += kPerStatement) {
      const std::size_t n = std::min(kPerStatement, rows.size() - at);
      std::vector<Value> p;
      p.reserve(n * (kTorrentFieldCount + 4));
      for (const Row& row : rows.subspan(at, n)) {
        p.insert(p.end(), row.values.begin(), row.values.end());
        p.emplace_back(tsvector_text(row.text_at(3), row.text_at(29)));
      }
      if (auto done = s.execute(n == kPerStatement ? full : sql_for(n), p); !done) return tl::unexpected(done.error());
    }
    return {};
  }

  static std::string insert_sql() {
    std::string marks;
    for (std::size_t i = 0; i < kTorrentFieldCount; ++i) marks += ", ?";
    return fmt::format("INSERT INTO torrents(hash1, hash2, {}, words) VALUES(?, ?{}, ?::tsvector) "
                       "ON CONFLICT DO NOTHING RETURNING id",
                       kTorrentFields, marks);
  }
  static std::string update_sql() {
    std::string sets = "hash1 = ?, hash2 = ?";
    std::string_view fields = kTorrentFields;
    while (!fields.empty()) {
      const auto comma = fields.find(',');
      std::string_view f = fields.substr(0, comma);
      while (!f.empty() && f.front() == ' ') f.remove_prefix(1);
      sets += fmt::format(", {} = ?", f);
      if (comma == std::string_view::npos) break;
      fields.remove_prefix(comma + 1);
    }
    return fmt::format("UPDATE torrents SET {}, words = ?::tsvector WHERE id = ?", sets);
  }

  static std::vector<Value> values_of(const TorrentRecord& r) {
    std::vector<Value> p{hash_value(r.info_hash.v1), hash_value(r.info_hash.v2)};
    auto fields = field_values(r, r.terms);
    p.insert(p.end(), std::make_move_iterator(fields.begin()), std::make_move_iterator(fields.end()));
    p.emplace_back(tsvector_text(r.name, r.terms));
    return p;
  }

  Result<void> write_one(Session& s, const ImportRecord& in, const TorrentRecord& prepared, std::int64_t now,
                         CounterDeltas& deltas, UpsertCounts& counts) {
    const std::size_t keep = static_cast<std::size_t>(std::max(0, options_.files_per_torrent()));
    auto existing = find_row(s, in.info_hash, false);
    if (!existing) return tl::unexpected(existing.error());
    if (!*existing) {
      static const std::string insert = insert_sql();
      auto id = s.query(insert, values_of(prepared));
      if (!id) return tl::unexpected(id.error());
      if (!id->empty()) {
        const std::int64_t torrent_id = id->front().int_at(0);
        if (in.files) {
          if (auto f = write_file_rows(s, torrent_id, *in.files, keep); !f) return f;
        }
        deltas.add(prepared, +1);
        deltas.added_at(now);
        ++counts.imported;
        return {};
      }
      // Another process wrote it since the lookup: this one merges into it.
      existing = find_row(s, in.info_hash, false);
      if (!existing) return tl::unexpected(existing.error());
      if (!*existing) return fail(ErrorCode::unavailable, "torrent vanished while being written; try again");
    }
    const TorrentRecord old = record_from(**existing);
    std::vector<TorrentFile> held;
    if (!in.files) {
      auto files = files_of(s, old.id);
      if (!files) return tl::unexpected(files.error());
      held = std::move(*files);
    }
    const TorrentRecord r = merge_record(in, prepared, old, held.empty() ? nullptr : &held, classifier_, now);
    static const std::string update = update_sql();
    auto p = values_of(r);
    p.emplace_back(r.id);
    if (auto u = s.execute(update, p); !u) return tl::unexpected(u.error());
    if (in.files) {
      const std::vector<Value> id{r.id};
      if (auto del = s.execute("DELETE FROM torrent_files WHERE torrent_id = ?", id); !del) {
        return tl::unexpected(del.error());
      }
      if (auto f = write_file_rows(s, r.id, *in.files, keep); !f) return f;
    }
    deltas.add(old, -1);
    deltas.add(r, +1);
    ++counts.updated;
    return {};
  }

  std::mutex shares_mu_;
  std::shared_ptr<const Shares> shares_;
  std::chrono::steady_clock::time_point shares_at_;
};

}  // namespace

std::unique_ptr<Library> make_postgres_library(store::Database& db, const media::Classifier& classifier,
                                               const Clock& clock, LibraryOptions options) {
  return std::make_unique<PostgresLibrary>(db, classifier, clock, std::move(options));
}

}  // namespace helmarr::library
