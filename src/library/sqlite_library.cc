// The library on SQLite: rows in `torrents`, the FTS5 index `torrents_fts`
// over (name, terms) kept in the same transaction as the rows, maintained
// counters in `library_counters`.
//
// Search plan. Every query that constrains anything becomes one FTS5 MATCH
// (fts_expression.h). FTS5 walks posting lists in rowid order and rowids
// grow with insertion, so "newest first" is the index's own order and a page
// costs what it shows, however common the words. Totals count matches up to a
// budget; past it they are estimated from how far into the id space the
// budget reached (flagged). Relevance, size and seeders orders rank the
// newest candidates (every match when there are fewer than the budget).
// What millions of torrents hold (common words, categories, a year) is
// checked on the rows the rest of the query finds instead of intersected in
// the index, when the rest is selective (search(), docs/library.md).
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "library/counter_deltas.h"
#include "library/facet_terms.h"
#include "library/fts_expression.h"
#include "library/library_service.h"
#include "library/query_language.h"
#include "library/record_builder.h"
#include "library/relevance.h"
#include "library/search_page.h"
#include "library/stored_library.h"
#include "library/torrent_row.h"

namespace helmarr::library {
namespace {

using store::Blob;
using store::Row;
using store::Session;
using store::Value;

// What matches must hold, checked on rows instead of in the index.
struct PostFilter {
  std::vector<std::string> words;                    // whole words of the name
  std::vector<std::vector<std::string>> term_groups;  // each: the row's terms hold one of these
  bool empty() const { return words.empty() && term_groups.empty(); }
  bool holds(std::string_view name, std::string_view terms_text) const {
    if (!term_groups.empty()) {
      std::vector<std::string_view> held;
      for (std::size_t at = 0; at < terms_text.size();) {
        const auto space = std::min(terms_text.find(' ', at), terms_text.size());
        if (space > at) held.push_back(terms_text.substr(at, space - at));
        at = space + 1;
      }
      for (const auto& group : term_groups) {
        if (std::none_of(group.begin(), group.end(), [&](const std::string& t) {
              return std::find(held.begin(), held.end(), t) != held.end();
            })) {
          return false;
        }
      }
    }
    if (words.empty()) return true;
    const auto name_words = index_words(name);
    return std::all_of(words.begin(), words.end(), [&](const std::string& w) {
      return std::find(name_words.begin(), name_words.end(), w) != name_words.end();
    });
  }
};

class SqliteLibrary final : public StoredLibrary {
 public:
  using StoredLibrary::StoredLibrary;

  Result<UpsertCounts> write(std::span<const ImportRecord> batch, std::vector<TorrentRecord> built) override {
    return write_batch(batch, built.size(), [&](Session& s, std::int64_t now, CounterDeltas& deltas,
                                                UpsertCounts& counts) -> Result<void> {
      FileQueue files;
      for (std::size_t i = 0; i < batch.size(); ++i) {
        auto one = write_one(s, batch[i], built[i], now, deltas, counts, files);
        if (!one) return one;
      }
      return write_queued_files(s, files);
    });
  }

  Result<std::optional<TorrentDetail>> find(const torrent::InfoHash& hash) override {
    return read_detail(db_, [&](Session& s) { return find_row(s, hash, RowColumns::all); });
  }

  Result<SearchPage> search(const SearchQuery& q) override {
    auto parsed = parse_search(q);
    if (!parsed) return tl::unexpected(parsed.error());
    const auto* terms = &parsed->terms;
    const bool has_text = parsed->has_text;
    const RankWords& rank = parsed->rank;
    const auto groups = filter_groups(q, has_text);
    const FtsExpression expr = fts_expression(*terms, groups);
    SearchPage page;
    auto read = db_.read([&](Session& s) -> Result<void> {
      const bool ordered = q.sort == SortOrder::size || q.sort == SortOrder::seeders;
      if (expr.match.empty() && !q.info_hash && !ordered) return browse(s, q, page);
      auto common = common_words(s, *terms, q);
      if (!common) return tl::unexpected(common.error());
      // An info-hash matches one row at most: the index finds it at once.
      if (!common->selective || q.info_hash) return matched(s, q, expr, rank, {}, page).map([](bool) {});
      // The rest of the query is selective: what millions of torrents hold
      // at scale leaves the index and is checked on the rows the rest
      // matches: common words, content types and categories; and, when a
      // rare word, a phrase, a prefix or an id drives the search, every
      // filter but the ids (a year holds 7 % of the library, season 1 a tenth
      // of all TV: intersecting those in the index costs more than reading
      // the rows the rare word finds).
      std::vector<QueryTerm> rest;
      for (const auto& t : *terms) {
        const bool demoted = is_single_word(t) && std::find(common->words.begin(), common->words.end(),
                                                            index_words(t.text)[0]) != common->words.end();
        if (!demoted) rest.push_back(t);
      }
      // Two plans, tried in turn: every filter but the ids on rows (when the
      // query is driven), then only content types and categories; each gives
      // way to the next when too few of the rows it reads hold the rest.
      auto plan = [&](bool all_filters) {
        Plan out{.post = PostFilter{.words = common->words}};
        std::vector<FilterGroup> kept;
        for (const auto& g : groups) {
          const bool demote = g.kind == FilterKind::content_type || g.kind == FilterKind::category ||
                              (all_filters && g.kind != FilterKind::ids);
          if (demote) {
            out.post.term_groups.push_back(g.any_of);
          } else {
            kept.push_back(g);
          }
        }
        out.relaxed = fts_expression(rest, kept);
        out.relaxed.has_text = expr.has_text;
        return out;
      };
      std::vector<Plan> plans;
      if (common->driven) plans.push_back(plan(true));
      // The second only when it differs (the query has a year, season, ...):
      // then the first reads on only a little (the second, with those terms
      // in the index, is cheap); the last before the whole index reads on
      // up to the scan budget (the whole index walks the common words).
      if (auto p = plan(false); plans.empty() || p.relaxed.match != plans.front().relaxed.match) {
        if (!plans.empty()) plans.back().read_all_limit = options_.scan_budget / 4;
        plans.push_back(std::move(p));
      }
      plans.back().read_all_limit = options_.scan_budget;
      for (const auto& p : plans) {
        if (p.post.empty() || p.relaxed.match.empty()) continue;
        auto done = matched(s, q, p.relaxed, rank, p.post, page, p.read_all_limit);
        if (!done) return tl::unexpected(done.error());
        if (*done) return {};
      }
      return matched(s, q, expr, rank, {}, page).map([](bool) {});
    });
    if (!read) return tl::unexpected(read.error());
    return page;
  }

 private:
  // What find_row reads: the whole record, or only its id.
  enum class RowColumns { all, id };

  // The lookup statements, built once (find_row runs once per written record).
  static const std::string& lookup_sql(RowColumns columns, bool v2) {
    static const std::array<std::string, 4> statements = [] {
      std::array<std::string, 4> out;
      for (int c = 0; c < 2; ++c) {
        for (int v = 0; v < 2; ++v) {
          out[static_cast<std::size_t>(c * 2 + v)] =
              fmt::format("SELECT {} FROM torrents WHERE {} = ? AND {} = ?", c == 0 ? kTorrentColumns : "id",
                          v ? "k2" : "k1", v ? "hash2" : "hash1");
        }
      }
      return out;
    }();
    return statements[static_cast<std::size_t>(columns == RowColumns::all ? 0 : 2) + (v2 ? 1 : 0)];
  }

  static Result<std::optional<Row>> find_row(Session& s, const torrent::InfoHash& hash, RowColumns columns) {
    auto by = [&](bool v2, Value k, Value v) -> Result<std::optional<Row>> {
      const std::vector<Value> p{std::move(k), std::move(v)};
      auto rows = s.query(lookup_sql(columns, v2), p);
      if (!rows) return tl::unexpected(rows.error());
      if (rows->empty()) return std::optional<Row>();
      return std::optional<Row>(std::move(rows->front()));
    };
    if (hash.v1) {
      auto row = by(false, hash_key(hash.v1), hash_value(hash.v1));
      if (!row || *row) return row;
    }
    if (hash.v2) return by(true, hash_key(hash.v2), hash_value(hash.v2));
    return std::optional<Row>();
  }

  // File lists, written once the batch's index inserts are done: a
  // multi-row statement opens a statement savepoint, and FTS5 writes its
  // pending terms out as a new segment at every savepoint. Interleaved, that
  // was one tiny segment (and its merges) per torrent with files: half of the
  // import's time.
  struct FileWrite {
    std::int64_t torrent_id;
    const std::vector<TorrentFile>* files;
    bool replace;  // the torrent had a list already
  };
  struct FileQueue {
    std::vector<FileWrite> writes;
    std::unordered_set<std::int64_t> ids;
    void add(FileWrite w) {
      ids.insert(w.torrent_id);
      writes.push_back(w);
    }
  };

  Result<void> write_queued_files(Session& s, FileQueue& queue) const {
    for (const auto& f : queue.writes) {
      if (f.replace) {
        const std::vector<Value> p{f.torrent_id};
        if (auto del = s.execute("DELETE FROM torrent_files WHERE torrent_id = ?", p); !del) {
          return tl::unexpected(del.error());
        }
      }
      if (auto w = write_files(s, f.torrent_id, *f.files); !w) return w;
    }
    queue = {};
    return {};
  }

  // prepared is left as prepare() made it, so a retried transaction can use
  // it again; only the rarer update path works on a copy.
  Result<void> write_one(Session& s, const ImportRecord& in, const TorrentRecord& prepared, std::int64_t now,
                         CounterDeltas& deltas, UpsertCounts& counts, FileQueue& files) {
    auto existing = find_row(s, in.info_hash, RowColumns::all);
    if (!existing) return tl::unexpected(existing.error());
    if (!*existing) {
      auto id = insert_row(s, prepared, prepared.terms);
      if (!id) return tl::unexpected(id.error());
      if (auto fts = index_row(s, "", *id, prepared.name, prepared.terms); !fts) return fts;
      if (in.files) files.add({*id, &*in.files, false});
      deltas.add(prepared, +1);
      deltas.added_at(now);
      ++counts.imported;
      return {};
    }

    // The library has it: merge, never duplicate.
    const TorrentRecord old = record_from(**existing);
    const std::string old_terms = (*existing)->text_at(29);
    std::vector<TorrentFile> held;
    if (!in.files) {
      // Classify with the files the library already holds for it (written
      // first when this batch holds them).
      if (files.ids.count(old.id)) {
        if (auto f = write_queued_files(s, files); !f) return f;
      }
      auto rows = files_of(s, old.id);
      if (!rows) return tl::unexpected(rows.error());
      held = std::move(*rows);
    }
    const TorrentRecord r = merge_record(in, prepared, old, held.empty() ? nullptr : &held, classifier_, now);
    const std::string& terms = r.terms;
    if (auto u = update_row(s, r, terms); !u) return u;
    if (r.name != old.name || terms != old_terms) {
      if (auto del = index_row(s, "delete", old.id, old.name, old_terms); !del) return del;
      if (auto add = index_row(s, "", r.id, r.name, terms); !add) return add;
    }
    if (in.files) files.add({r.id, &*in.files, true});
    deltas.add(old, -1);
    deltas.add(r, +1);
    ++counts.updated;
    return {};
  }

  static std::vector<Value> row_values(const TorrentRecord& r, const std::string& terms) {
    std::vector<Value> out{hash_value(r.info_hash.v1), hash_value(r.info_hash.v2), hash_key(r.info_hash.v1),
                           hash_key(r.info_hash.v2)};
    auto fields = field_values(r, terms);
    out.insert(out.end(), std::make_move_iterator(fields.begin()), std::make_move_iterator(fields.end()));
    return out;
  }

  Result<void> insert_copies(Session& s, std::span<const Row> rows) override {
    static const std::string sql = [] {
      std::string marks;
      for (std::size_t i = 0; i < kTorrentFieldCount + 3; ++i) marks += "?, ";
      return fmt::format("INSERT OR IGNORE INTO torrents ({}, k1, k2) VALUES ({}?, ?)", kTorrentColumns, marks);
    }();
    for (const Row& row : rows) {
      const TorrentRecord r = record_from(row);
      std::vector<Value> p = row.values;
      p.push_back(hash_key(r.info_hash.v1));
      p.push_back(hash_key(r.info_hash.v2));
      auto done = s.execute(sql, p);
      if (!done) return tl::unexpected(done.error());
      if (done->changes == 0) continue;  // here already
      if (auto fts = index_row(s, "", r.id, r.name, row.text_at(29)); !fts) return fts;
    }
    return {};
  }

  Result<std::int64_t> insert_row(Session& s, const TorrentRecord& r, const std::string& terms) const {
    const auto p = row_values(r, terms);
    auto done = s.execute(
        "INSERT INTO torrents(hash1, hash2, k1, k2, name, size, file_count, content_type, categories, title, year, season, "
        "seasons, episodes, air_date, season_pack, resolution, quality, grp, languages, imdb, tmdb, tvdb, seeders, "
        "leechers, peers_at, sources, published_at, first_seen, last_seen, terms) "
        "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        p);
    if (!done) return tl::unexpected(done.error());
    return done->last_insert_id;
  }

  Result<void> update_row(Session& s, const TorrentRecord& r, const std::string& terms) const {
    auto p = row_values(r, terms);
    p.emplace_back(r.id);
    auto done = s.execute(
        "UPDATE torrents SET hash1 = ?, hash2 = ?, k1 = ?, k2 = ?, name = ?, size = ?, file_count = ?, content_type = ?, "
        "categories = ?, title = ?, year = ?, season = ?, seasons = ?, episodes = ?, air_date = ?, season_pack = ?, "
        "resolution = ?, quality = ?, grp = ?, languages = ?, imdb = ?, tmdb = ?, tvdb = ?, seeders = ?, "
        "leechers = ?, peers_at = ?, sources = ?, published_at = ?, first_seen = ?, last_seen = ?, terms = ? "
        "WHERE id = ?",
        p);
    if (!done) return tl::unexpected(done.error());
    return {};
  }

  // command "" adds the row's words to the index, "delete" takes them out
  // (an external-content index needs the exact old values for that).
  static Result<void> index_row(Session& s, std::string_view command, std::int64_t id, const std::string& name,
                                const std::string& terms) {
    Result<store::ExecResult> done;
    if (command.empty()) {
      const std::vector<Value> p{id, name, terms};
      done = s.execute("INSERT INTO torrents_fts(rowid, name, terms) VALUES(?, ?, ?)", p);
    } else {
      const std::vector<Value> p{std::string(command), id, name, terms};
      done = s.execute("INSERT INTO torrents_fts(torrents_fts, rowid, name, terms) VALUES(?, ?, ?, ?)", p);
    }
    if (!done) return tl::unexpected(done.error());
    return {};
  }

  Result<void> write_files(Session& s, std::int64_t id, const std::vector<TorrentFile>& files) const {
    return write_file_rows(s, id, files, static_cast<std::size_t>(std::max(0, options_.files_per_torrent())));
  }





  static bool is_single_word(const QueryTerm& t) {
    return !t.excluded && !t.prefix && !t.phrase && index_words(t.text).size() == 1;
  }

  // How many torrents hold a word, counted up to a cap and remembered for a
  // while: enough to tell a word held by a large share of the library.
  Result<std::int64_t> word_frequency(Session& s, const std::string& word, std::int64_t cap) {
    const auto now = clock_.now();
    {
      std::lock_guard lock(df_mu_);
      if (auto it = df_.find(word); it != df_.end() && now - it->second.second < std::chrono::minutes(10)) {
        return it->second.first;
      }
    }
    const std::vector<Value> p{"name : " + fts_string(word), cap + 1};
    auto rows = s.query("SELECT count(*) FROM (SELECT rowid FROM torrents_fts WHERE torrents_fts MATCH ? LIMIT ?)", p);
    if (!rows) return tl::unexpected(rows.error());
    const std::int64_t n = rows->empty() ? 0 : rows->front().int_at(0);
    std::lock_guard lock(df_mu_);
    if (df_.size() > 10000) df_.clear();
    df_[word] = {n, now};
    return n;
  }

  // Words of the query that a large share of the library holds ("the",
  // "1080p"), when the rest of the query is selective on its own. FTS5 walks
  // the whole posting list of such a word to intersect it with a rare one
  // (3 million entries for "the" at ten million torrents); instead the rest
  // goes to the index and these words are checked on the rows it returns.
  // A way to run a query: what goes to the index, what is checked on rows.
  struct Plan {
    PostFilter post;
    FtsExpression relaxed;
    // When too few rows hold post: read on anyway if the index has at most
    // this many more candidates (else the next plan).
    std::int64_t read_all_limit = 0;
  };

  struct CommonWords {
    std::vector<std::string> words;  // held by a large share of the library
    bool driven = false;     // a rare word, a phrase, a prefix or an id narrows the query down
    bool selective = false;  // driven, or a year, season, episode or air date does
  };
  Result<CommonWords> common_words(Session& s, const std::vector<QueryTerm>& terms, const SearchQuery& q) {
    CommonWords out;
    std::vector<std::string>& common = out.words;
    bool driven = !q.ids.empty();
    auto all = counter(s, "torrents");
    if (!all) return tl::unexpected(all.error());
    const std::int64_t cap = std::max<std::int64_t>(options_.common_word_floor, *all / 200);
    if (*all < 4 * cap) return out;  // a small library: every word is cheap
    for (const auto& t : terms) {
      if (t.excluded) continue;
      if (!is_single_word(t)) {
        driven = true;  // phrases and prefixes stay in the index
        continue;
      }
      const std::string w = index_words(t.text)[0];
      auto n = word_frequency(s, w, cap);
      if (!n) return tl::unexpected(n.error());
      if (*n > cap) {
        common.push_back(w);
      } else {
        driven = true;
      }
    }
    out.driven = driven;
    out.selective = driven || q.year || q.season || q.episode || !q.air_date.empty();
    if (!out.selective) common.clear();
    return out;
  }


  // The candidates of expr, newest first, that hold post: read a chunk at a
  // time and checked until budget + 1 held or expr has no more. columns end
  // with t.name, t.terms at name_from_end from the end. Sets the total.
  // nullopt: so few rows held that finding enough would read more than
  // options_.scan_budget rows, and the index holds more than read_all_limit
  // further candidates.
  Result<std::optional<std::vector<Row>>> checked_candidates(Session& s, const FtsExpression& expr,
                                                                    const PostFilter& post, std::int64_t budget,
                                                                    std::int64_t read_all_limit,
                                                                    const std::string& columns,
                                                                    std::size_t name_from_end, SearchPage& page) {
    const std::string sql = fmt::format(
        "SELECT {} FROM torrents_fts JOIN torrents t ON t.id = torrents_fts.rowid "
        "WHERE torrents_fts MATCH ? AND torrents_fts.rowid < ? ORDER BY torrents_fts.rowid DESC LIMIT ?",
        columns);
    std::vector<Row> kept;
    std::int64_t scanned = 0;
    std::int64_t below = std::numeric_limits<std::int64_t>::max();
    // A first look tells the share that holds the rest.
    std::int64_t chunk = std::min<std::int64_t>(budget + 1, 256);
    bool exhausted = false;
    for (;;) {
      const std::vector<Value> p{expr.match, below, chunk};
      auto rows = s.query(sql, p);
      if (!rows) return tl::unexpected(rows.error());
      const auto got = static_cast<std::int64_t>(rows->size());
      if (got > 0) below = rows->back().int_at(0);
      for (auto& row : *rows) {
        const std::size_t at = row.values.size() - name_from_end;
        if (post.holds(row.text_at(at), row.text_at(at + 1))) kept.push_back(std::move(row));
      }
      scanned += got;
      const auto held = static_cast<std::int64_t>(kept.size());
      if (got < chunk) {
        exhausted = true;
        break;
      }
      if (held > budget) break;
      // At the share held so far, how many more rows finding enough takes.
      const double share = static_cast<double>(held + 1) / static_cast<double>(scanned);
      const double more = static_cast<double>(budget + 1 - held) / share;
      const std::int64_t left = options_.scan_budget - scanned;
      if (left < 1) return std::nullopt;
      if (static_cast<double>(scanned) + more > static_cast<double>(options_.scan_budget)) {
        // Unless the index holds few more candidates: then read them all.
        const std::int64_t limit = std::min(left, read_all_limit);
        const std::vector<Value> cp{expr.match, below, limit + 1};
        auto remaining = s.query(
            "SELECT count(*) FROM (SELECT rowid FROM torrents_fts WHERE torrents_fts MATCH ? AND rowid < ? LIMIT ?)", cp);
        if (!remaining) return tl::unexpected(remaining.error());
        const std::int64_t n = remaining->empty() ? 0 : remaining->front().int_at(0);
        if (n > limit) return std::nullopt;
        chunk = n + 1;
        continue;
      }
      chunk = std::clamp<std::int64_t>(std::llround(more * 1.25), 1, left);
      chunk = std::max<std::int64_t>(chunk, std::min<std::int64_t>(256, left));
    }
    if (exhausted) {
      page.total = static_cast<std::int64_t>(kept.size());
      page.total_estimated = false;
    } else {
      std::vector<std::int64_t> ids;
      ids.reserve(kept.size());
      for (const auto& row : kept) ids.push_back(row.int_at(0));
      if (auto t = set_total(s, ids, budget, page); !t) return tl::unexpected(t.error());
    }
    return std::optional<std::vector<Row>>(std::move(kept));
  }

  // post: what every match must hold, checked on the candidate rows rather
  // than in the index (see search()). false: too few candidates held post,
  // nothing was set.
  Result<bool> matched(Session& s, const SearchQuery& q, const FtsExpression& expr, const RankWords& rank,
                       const PostFilter& post, SearchPage& page, std::int64_t read_all_limit = 0) {
    std::optional<std::int64_t> only_id;
    if (q.info_hash) {
      auto row = find_row(s, *q.info_hash, RowColumns::id);
      if (!row) return tl::unexpected(row.error());
      if (!*row) return true;  // no such torrent: nothing matches
      only_id = (**row).int_at(0);
    }
    const SortOrder sort = effective_sort(q, expr.has_text);
    const std::int64_t budget = candidate_budget(q, sort);

    // Candidates, newest first, with what ordering them needs.
    std::string sql;
    std::vector<Value> p;
    const char* extra = "";
    if (sort == SortOrder::relevance) extra = ", t.title, t.seeders";
    if (sort == SortOrder::size) extra = ", t.size";
    if (sort == SortOrder::seeders) extra = ", t.seeders";
    const bool join = sort != SortOrder::newest || q.facets || !post.empty();
    // Name and terms come before the facet column, when checked on rows.
    const std::string facet_col =
        std::string(post.empty() ? "" : ", t.name, t.terms") + (q.facets ? ", t.content_type" : "");
    std::vector<Row> found;
    std::vector<std::int64_t> ids;
    if (!post.empty()) {
      auto streamed = checked_candidates(s, expr, post, budget, read_all_limit, fmt::format("t.id{}{}", extra, facet_col),
                                         q.facets ? 3 : 2, page);
      if (!streamed) return tl::unexpected(streamed.error());
      if (!*streamed) return false;  // too few rows held the rest
      found = std::move(**streamed);
      for (const auto& row : found) ids.push_back(row.int_at(0));
    } else {
      if (expr.match.empty() && only_id) {
        // Only an info-hash: that one row.
        sql = fmt::format("SELECT t.id{}{} FROM torrents t WHERE t.id = ?", extra, facet_col);
        p.emplace_back(*only_id);
      } else if (expr.match.empty()) {
        // No constraint, ordered by size or seeders: the newest rows.
        sql = fmt::format("SELECT t.id{}{} FROM torrents t ORDER BY t.id DESC LIMIT ?", extra, facet_col);
        p.emplace_back(budget + 1);
      } else if (join) {
        sql = fmt::format(
            "SELECT t.id{}{} FROM torrents_fts JOIN torrents t ON t.id = torrents_fts.rowid "
            "WHERE torrents_fts MATCH ?{} ORDER BY torrents_fts.rowid DESC LIMIT ?",
            extra, facet_col, only_id ? " AND torrents_fts.rowid = ?" : "");
        p.emplace_back(expr.match);
        if (only_id) p.emplace_back(*only_id);
        p.emplace_back(budget + 1);
      } else {
        sql = fmt::format("SELECT rowid FROM torrents_fts WHERE torrents_fts MATCH ?{} ORDER BY rowid DESC LIMIT ?",
                          only_id ? " AND rowid = ?" : "");
        p.emplace_back(expr.match);
        if (only_id) p.emplace_back(*only_id);
        p.emplace_back(budget + 1);
      }
      auto rows = s.query(sql, p);
      if (!rows) return tl::unexpected(rows.error());
      found = std::move(*rows);
      ids.reserve(found.size());
      for (const auto& row : found) ids.push_back(row.int_at(0));
      if (auto t = set_total(s, ids, budget, page); !t) return tl::unexpected(t.error());
    }
    if (auto done = finish_page(s, q, sort, budget, expr.has_text, !expr.match.empty(), rank, found, page); !done) {
      return tl::unexpected(done.error());
    }
    return true;
  }

  std::mutex df_mu_;
  std::unordered_map<std::string, std::pair<std::int64_t, std::chrono::steady_clock::time_point>> df_;
};

}  // namespace

std::unique_ptr<Library> make_sqlite_library(store::Database& db, const media::Classifier& classifier,
                                             const Clock& clock, LibraryOptions options) {
  return std::make_unique<SqliteLibrary>(db, classifier, clock, options);
}

}  // namespace helmarr::library
