// The library search benchmark (issue 8): a query mix drawn from the
// benchmark corpus, run against a library that `helmarr import` built, with
// one client thread and with eight; then the same free-text queries against
// a plain FTS5 table of the same names (MATCH ... ORDER BY bm25 LIMIT 100),
// the naive baseline. Prints markdown for docs/benchmarks.md.
//
//   search_bench DB --count N [--seed S] [--queries Q] [--threads T] [--naive FILE]
//
// The corpus is re-generated from the seed (the same N and seed the import
// used), so the queries name what the library holds.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app/corpus_generator.h"
#include "core/clock.h"
#include "library/library_service.h"
#include "media/classifier_rules.h"
#include "store/database.h"

namespace {

using namespace helmarr;
using Clock = std::chrono::steady_clock;

// ---------------------------------------------------------------- the query mix

enum class QueryClass { tv_episode, movie_year, free_text, newest_in_category };
constexpr const char* kClassNames[] = {"Torznab tvsearch: title + season + episode", "Torznab movie: title + year",
                                       "free text, 1-4 words", "empty query, newest in category"};
constexpr int kClasses = 4;

struct BenchQuery {
  QueryClass cls;
  library::SearchQuery query;
  std::string fts;  // the naive baseline's MATCH expression (free text only)
};

// Words of a name as a searcher types them: runs of letters and digits.
std::vector<std::string> words_of(std::string_view name) {
  std::vector<std::string> out;
  std::string w;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
      w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!w.empty()) {
      out.push_back(std::move(w));
      w.clear();
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

// The same words as an FTS5 expression: each a quoted string, all required.
std::string fts_of(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "\"" : " \"") + w + "\"";
  return out;
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

// The empty queries the *arr apps send for their indexer test and RSS
// sync: Sonarr's 5030,5040, Radarr's 2000 range, Lidarr, Readarr, and
// content types.
std::vector<library::SearchQuery> category_queries() {
  using CT = media::ContentType;
  std::vector<library::SearchQuery> out;
  auto cats = [&](std::vector<int> c) { out.push_back({.categories = std::move(c)}); };
  auto types = [&](std::vector<CT> t) { out.push_back({.content_types = std::move(t)}); };
  cats({5030, 5040});
  cats({5000});
  cats({2000});
  cats({2010, 2020, 2030, 2040, 2045, 2050, 2060});
  cats({3000, 3010, 3040});
  cats({7000, 7020, 3030});
  types({CT::tv_show});
  types({CT::movie});
  types({CT::music});
  types({CT::ebook, CT::audiobook});
  return out;
}

// Q queries of each class, drawn from the corpus with a stream of their own:
// records are sampled uniformly, so popular shows are asked for as often as
// they have releases.
std::vector<BenchQuery> query_mix(std::uint64_t seed, std::uint64_t count, int per_class) {
  app::CorpusGenerator gen(seed);
  app::CorpusRng rng(app::mix64(seed ^ 0x717565726965ULL));
  std::vector<BenchQuery> out;
  int have[kClasses] = {};
  // Each record is a candidate with probability ~ 4 * per_class / count per
  // class, so the draws spread over the whole corpus.
  const std::uint64_t odds = std::max<std::uint64_t>(1, count / (static_cast<std::uint64_t>(per_class) * 3));
  for (std::uint64_t i = 0; i < count; ++i) {
    const auto& r = gen.next();
    if (rng.below(odds) != 0) continue;
    const auto& t = r.truth;
    if (t.type == media::ContentType::tv_show && t.season && t.episodes.size() == 1 &&
        have[0] < per_class) {
      BenchQuery q{QueryClass::tv_episode, {}, {}};
      q.query.text = t.title;
      q.query.season = t.season;
      q.query.episode = t.episodes.front();
      q.query.categories = {5030, 5040};
      out.push_back(std::move(q));
      ++have[0];
    } else if (t.type == media::ContentType::movie && t.year && have[1] < per_class) {
      BenchQuery q{QueryClass::movie_year, {}, {}};
      q.query.text = t.title;
      q.query.year = t.year;
      q.query.categories = {2000};
      out.push_back(std::move(q));
      ++have[1];
    } else if (have[2] < per_class) {
      auto words = words_of(r.name);
      if (words.empty()) continue;
      const std::size_t n = 1 + rng.below(std::min<std::size_t>(4, words.size()));
      const std::size_t start = rng.below(words.size() - n + 1);
      std::vector<std::string> picked(words.begin() + static_cast<std::ptrdiff_t>(start),
                                      words.begin() + static_cast<std::ptrdiff_t>(start + n));
      // A quarter ask with one of the most common words of all.
      if (rng.percent(25)) picked[rng.below(picked.size())] = rng.percent(50) ? "1080p" : "the";
      BenchQuery q{QueryClass::free_text, {}, fts_of(picked)};
      q.query.text = join(picked);
      out.push_back(std::move(q));
      ++have[2];
    }
  }
  const auto empties = category_queries();
  for (int i = 0; i < per_class; ++i)
    out.push_back({QueryClass::newest_in_category, empties[static_cast<std::size_t>(i) % empties.size()], {}});
  for (auto& q : out) q.query.limit = 100;
  // One interleaved order, the same every run.
  for (std::size_t i = out.size(); i > 1; --i) std::swap(out[i - 1], out[rng.below(i)]);
  return out;
}

// ---------------------------------------------------------------- timing

struct Latencies {
  std::vector<double> ms[kClasses];
  std::vector<double> all() const {
    std::vector<double> out;
    for (const auto& v : ms) out.insert(out.end(), v.begin(), v.end());
    return out;
  }
};

double pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

struct RunResult {
  Latencies lat;
  double seconds = 0;
  std::size_t queries = 0;
  std::size_t errors = 0;
  std::size_t empty[kClasses] = {};  // queries that found nothing, by class
  std::vector<std::pair<double, const BenchQuery*>> timed;  // every query's time (1 thread runs)
};

// Runs every query once per thread (thread t starts at offset t/T of the
// mix, so threads do not walk in step) and times each.
template <class Fn>
RunResult run(const std::vector<const BenchQuery*>& mix, int threads, Fn&& fn) {
  RunResult out;
  std::vector<Latencies> per(static_cast<std::size_t>(threads));
  std::atomic<std::size_t> errors{0}, empty[kClasses] = {};
  const auto start = Clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      const std::size_t n = mix.size();
      const std::size_t offset = n * static_cast<std::size_t>(t) / static_cast<std::size_t>(threads);
      for (std::size_t k = 0; k < n; ++k) {
        const BenchQuery& q = *mix[(offset + k) % n];
        const auto t0 = Clock::now();
        const long found = fn(q);
        const auto t1 = Clock::now();
        if (found < 0) ++errors;
        else if (found == 0) ++empty[static_cast<int>(q.cls)];
        const double ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
        per[static_cast<std::size_t>(t)].ms[static_cast<int>(q.cls)].push_back(ms);
        if (threads == 1) out.timed.emplace_back(ms, &q);
      }
    });
  }
  for (auto& th : pool) th.join();
  out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (const auto& l : per)
    for (int c = 0; c < kClasses; ++c) out.lat.ms[c].insert(out.lat.ms[c].end(), l.ms[c].begin(), l.ms[c].end());
  out.queries = mix.size() * static_cast<std::size_t>(threads);
  out.errors = errors;
  for (int c = 0; c < kClasses; ++c) out.empty[c] = empty[c];
  return out;
}

void row(const char* what, const std::vector<double>& v) {
  std::printf("| %s | %zu | %.2f | %.2f | %.2f | %.2f |\n", what, v.size(), pct(v, 50), pct(v, 95), pct(v, 99),
              v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()));
}

void table(const char* title, const RunResult& r, bool by_class) {
  std::printf("\n**%s**: %zu queries in %.1f s, %.0f queries/s%s\n\n", title, r.queries, r.seconds,
              static_cast<double>(r.queries) / r.seconds,
              r.errors ? fmt::format(", {} ERRORS", r.errors).c_str() : "");
  std::printf("| query class | n | p50 ms | p95 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|\n");
  if (by_class)
    for (int c = 0; c < kClasses; ++c)
      if (!r.lat.ms[c].empty()) row(kClassNames[c], r.lat.ms[c]);
  row(by_class ? "**all**" : "free text (naive)", r.lat.all());
}

// What a query asks, readable: for the list of the slowest.
std::string describe(const library::SearchQuery& q) {
  std::string out = fmt::format("q=\"{}\"", q.text);
  if (q.year) out += fmt::format(" year={}", *q.year);
  if (q.season) out += fmt::format(" season={}", *q.season);
  if (q.episode) out += fmt::format(" ep={}", *q.episode);
  if (!q.categories.empty()) out += fmt::format(" cat={}", fmt::join(q.categories, ","));
  for (auto t : q.content_types) out += fmt::format(" type={}", media::to_string(t));
  return out;
}

void slowest(const RunResult& r, std::size_t k) {
  auto timed = r.timed;
  std::sort(timed.begin(), timed.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::printf("\n**slowest %zu (1 client)**\n\n| ms | class | query |\n|---:|---|---|\n", std::min(k, timed.size()));
  for (std::size_t i = 0; i < k && i < timed.size(); ++i)
    std::printf("| %.1f | %s | `%s` |\n", timed[i].first, kClassNames[static_cast<int>(timed[i].second->cls)],
                describe(timed[i].second->query).c_str());
}

std::uint64_t file_bytes(const std::string& path) {
  std::error_code ec;
  std::uint64_t total = 0;
  for (const char* suffix : {"", "-wal"}) {
    const auto n = std::filesystem::file_size(path + suffix, ec);
    if (!ec) total += n;
  }
  return total;
}

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "search_bench: %s\n", message.c_str());
  std::exit(1);
}

// ---------------------------------------------------------------- the naive baseline

// The corpus's names into `naive` (made by `create`, columns (id, name) as
// `columns`), re-generated a batch at a time (ten million names would not
// fit in memory as strings twice); then `after` (an index built once the
// rows are in). Only the database's part is timed.
double load_naive(store::Database& db, std::uint64_t seed, std::uint64_t count, const std::string& create,
                  const std::string& columns, std::size_t rows_per_statement, const std::string& after = "") {
  auto made = db.execute_script(create);
  if (!made) die("naive: " + made.error().message);
  constexpr std::size_t kRowsPerTransaction = 50000;
  auto insert_sql = [&](std::size_t rows) {
    std::string sql = "INSERT INTO naive (" + columns + ") VALUES (?, ?)";
    for (std::size_t i = 1; i < rows; ++i) sql += ", (?, ?)";
    return sql;
  };
  const std::string full = insert_sql(rows_per_statement);
  app::CorpusGenerator gen(seed);
  std::vector<std::string> names;
  Clock::duration spent{};
  for (std::uint64_t begin = 0; begin < count; begin += kRowsPerTransaction) {
    names.clear();
    for (std::uint64_t i = begin; i < std::min<std::uint64_t>(count, begin + kRowsPerTransaction); ++i)
      names.push_back(gen.next().name);
    const auto t0 = Clock::now();
    auto done = db.transaction([&](store::Session& s) -> helmarr::Result<void> {
      std::vector<store::Value> params;
      for (std::size_t i = 0; i < names.size(); i += rows_per_statement) {
        const std::size_t n = std::min(rows_per_statement, names.size() - i);
        params.clear();
        for (std::size_t k = i; k < i + n; ++k) {
          params.emplace_back(static_cast<std::int64_t>(begin + k + 1));
          params.emplace_back(names[k]);
        }
        if (auto r = s.execute(n == rows_per_statement ? full : insert_sql(n), params); !r)
          return tl::unexpected(r.error());
      }
      return {};
    });
    spent += Clock::now() - t0;
    if (!done) die("naive: " + done.error().message);
  }
  if (!after.empty()) {
    const auto t0 = Clock::now();
    if (auto done = db.execute_script(after); !done) die("naive: " + done.error().message);
    spent += Clock::now() - t0;
  }
  return std::chrono::duration<double>(spent).count();
}

// The SQLite baseline: the names in a plain FTS5 table of a database of its own.
double build_naive(store::Database& db, std::uint64_t seed, std::uint64_t count) {
  return load_naive(db, seed, count, "DROP TABLE IF EXISTS naive; CREATE VIRTUAL TABLE naive USING fts5(name);",
                    "rowid, name", 100);
}

// The PostgreSQL baseline, what bitmagnet does: the names in a plain table,
// a GIN index on to_tsvector, plainto_tsquery and ts_rank. Loaded first,
// indexed after (the fast way to build it); both timed.
double build_naive_postgres(store::Database& db, std::uint64_t seed, std::uint64_t count) {
  return load_naive(db, seed, count,
                    "DROP TABLE IF EXISTS naive; CREATE TABLE naive (id BIGINT PRIMARY KEY, name TEXT NOT NULL);",
                    "id, name", 500,
                    "SET maintenance_work_mem = '1GB'; "
                    "CREATE INDEX naive_words ON naive USING GIN (to_tsvector('simple', name)); ANALYZE naive;");
}

std::int64_t postgres_bytes(store::Database& db, const std::string& tables) {
  auto rows = db.query("SELECT sum(pg_total_relation_size(t::regclass))::bigint FROM unnest(string_to_array(?, ',')) t",
                       std::vector<store::Value>{tables});
  return rows && !rows->empty() ? rows->front().int_at(0) : -1;
}

// ---------------------------------------------------------------- the Helmarr side

// The library `helmarr import` wrote, as every front uses it.
struct HelmarrLibrary {
  SystemClock clock;
  media::Classifier classifier{media::builtin_classifier_rules()};
  std::unique_ptr<library::Library> library;
};

std::unique_ptr<HelmarrLibrary> open_library(store::Database& db) {
  auto h = std::make_unique<HelmarrLibrary>();
  h->library = library::make_library(db, h->classifier, h->clock);
  if (!h->library) die("the library could not be made");
  return h;
}

long helmarr_search(library::Library& lib, const BenchQuery& q) {
  auto page = lib.search(q.query);
  if (!page) {
    static std::atomic<int> shown{0};
    if (shown++ < 5) std::fprintf(stderr, "search_bench: search failed: %s\n", page.error().message.c_str());
    return -1;
  }
  return static_cast<long>(page->items.size());
}

std::string machine() {
  std::string model = "unknown CPU";
  if (std::FILE* f = std::fopen("/proc/cpuinfo", "r")) {
    char line[512];
    while (std::fgets(line, sizeof line, f)) {
      std::string_view l(line);
      if (l.rfind("model name", 0) == 0) {
        model = std::string(l.substr(l.find(':') + 2));
        if (!model.empty() && model.back() == '\n') model.pop_back();
        break;
      }
    }
    std::fclose(f);
  }
  return fmt::format("{}, {} cores", model, std::thread::hardware_concurrency());
}

}  // namespace

constexpr const char* kUsage =
    "usage: search_bench DB --count N [--seed S] [--queries Q] [--threads T] [--naive FILE] "
    "[--naive-queries N] [--no-naive] [--slowest K]\n"
    "DB is a SQLite file, or a PostgreSQL URL (postgres://..., host=... dbname=...): then the naive\n"
    "baseline is a table `naive` in that database (to_tsvector @@ plainto_tsquery ORDER BY ts_rank)";

bool is_postgres(const std::string& db) {
  return db.rfind("postgres://", 0) == 0 || db.rfind("postgresql://", 0) == 0 || db.find("host=") != std::string::npos ||
         db.find("dbname=") != std::string::npos;
}

std::unique_ptr<store::Database> open_db(const std::string& db, int threads) {
  // The naive baseline's queries and index build at ten million torrents
  // outlast the server's 30 s default; the benchmark waits for them.
  auto opened = is_postgres(db) ? store::open_postgres({.conninfo = db, .pool_size = threads + 1,
                                                        .statement_timeout_ms = 3'600'000})
                                : store::open_sqlite({.path = db, .max_readers = threads});
  if (!opened) die(opened.error().message);
  return std::move(*opened);
}

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows while a long run goes on
  std::string db_path, naive_path;
  std::uint64_t count = 0, seed = 42;
  int per_class = 500, threads = 8;
  std::size_t show_slowest = 0, naive_queries = 0;
  bool skip_naive = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) die("missing value after " + a);
      return argv[++i];
    };
    if (a == "--count") count = std::stoull(value());
    else if (a == "--seed") seed = std::stoull(value());
    else if (a == "--queries") per_class = std::stoi(value());
    else if (a == "--threads") threads = std::stoi(value());
    else if (a == "--naive") naive_path = value();
    else if (a == "--naive-queries") naive_queries = std::stoull(value());
    else if (a == "--no-naive") skip_naive = true;
    else if (a == "--slowest") show_slowest = std::stoull(value());
    else if (!a.empty() && a[0] != '-' && db_path.empty()) db_path = a;
    else die(kUsage);
  }
  if (db_path.empty() || count == 0) die(kUsage);
  const bool pg = is_postgres(db_path);
  if (naive_path.empty() && !pg) naive_path = (std::filesystem::path(db_path).parent_path() / "naive.db").string();

  std::fprintf(stderr, "search_bench: drawing %d queries per class from %llu records (seed %llu)\n", per_class,
               static_cast<unsigned long long>(count), static_cast<unsigned long long>(seed));
  const auto mix = query_mix(seed, count, per_class);
  std::vector<const BenchQuery*> all, free_text;
  for (const auto& q : mix) {
    all.push_back(&q);
    if (q.cls == QueryClass::free_text) free_text.push_back(&q);
  }

  std::printf("machine: %s\n\ncorpus: %llu torrents, `helmarr bench-corpus %llu --seed %llu`; %zu queries in the mix\n",
              machine().c_str(), static_cast<unsigned long long>(count), static_cast<unsigned long long>(count),
              static_cast<unsigned long long>(seed), mix.size());

  // Helmarr.
  std::printf("engine: %s\n", pg ? "PostgreSQL" : "SQLite");
  {
    auto db = open_db(db_path, threads);
    auto lib = open_library(*db);
    auto search = [&](const BenchQuery& q) { return helmarr_search(*lib->library, q); };
    run(all, 1, search);  // warm the page cache: the figures are of a running server
    const auto one = run(all, 1, search);
    table("Helmarr, 1 client", one, true);
    const auto many = run(all, threads, search);
    table(fmt::format("Helmarr, {} clients", threads).c_str(), many, true);
    if (show_slowest) slowest(one, show_slowest);
    for (int c = 0; c < kClasses; ++c)
      std::printf("%s%s: %zu of %zu found nothing", c ? "; " : "\nempty answers (1 client): ", kClassNames[c],
                  one.empty[c], one.lat.ms[c].size());
    std::printf("\n");
  }

  if (skip_naive) return 0;
  // The naive baseline (at ten million torrents a bm25 query takes seconds:
  // --naive-queries keeps its part of the run to the first N free-text queries).
  if (naive_queries && free_text.size() > naive_queries) free_text.resize(naive_queries);
  RunResult n1, n8;
  if (pg) {
    auto ndb = open_db(db_path, threads);
    const double build = build_naive_postgres(*ndb, seed, count);
    auto naive = [&](const BenchQuery& q) -> long {
      const std::vector<store::Value> p{q.query.text, q.query.text};
      auto rows = ndb->query(
          "SELECT id FROM naive WHERE to_tsvector('simple', name) @@ plainto_tsquery('simple', ?) "
          "ORDER BY ts_rank(to_tsvector('simple', name), plainto_tsquery('simple', ?)) DESC LIMIT 100", p);
      return rows ? static_cast<long>(rows->size()) : -1;
    };
    run(free_text, 1, naive);
    n1 = run(free_text, 1, naive);
    n8 = run(free_text, threads, naive);
    const auto bytes = postgres_bytes(*ndb, "naive");
    std::printf("\nnaive baseline: a table `naive(id, name)` with `GIN (to_tsvector('simple', name))`, "
                "`@@ plainto_tsquery ORDER BY ts_rank LIMIT 100`; built in %.1f s, %.1f MB (%.0f bytes per torrent)\n",
                build, static_cast<double>(bytes) / 1e6, static_cast<double>(bytes) / static_cast<double>(count));
    table("naive tsvector + ts_rank, 1 client", n1, false);
    table(fmt::format("naive tsvector + ts_rank, {} clients", threads).c_str(), n8, false);
  } else {
    std::filesystem::remove(naive_path);
    std::filesystem::remove(naive_path + "-wal");
    auto ndb = store::open_sqlite({.path = naive_path, .max_readers = threads});
    if (!ndb) die(ndb.error().message);
    const double build = build_naive(**ndb, seed, count);
    auto naive = [&](const BenchQuery& q) -> long {
      const store::Value p[] = {q.fts};
      auto rows = (*ndb)->query("SELECT rowid FROM naive WHERE naive MATCH ? ORDER BY bm25(naive) LIMIT 100", p);
      return rows ? static_cast<long>(rows->size()) : -1;
    };
    run(free_text, 1, naive);
    n1 = run(free_text, 1, naive);
    n8 = run(free_text, threads, naive);
    std::printf("\nnaive baseline: `CREATE VIRTUAL TABLE naive USING fts5(name)`, built in %.1f s, %.1f MB (%.0f bytes per torrent)\n",
                build, static_cast<double>(file_bytes(naive_path)) / 1e6,
                static_cast<double>(file_bytes(naive_path)) / static_cast<double>(count));
    table("naive FTS5 + bm25, 1 client", n1, false);
    table(fmt::format("naive FTS5 + bm25, {} clients", threads).c_str(), n8, false);
  }

  // The ratio, on the free-text queries both answered.
  {
    auto db = open_db(db_path, threads);
    auto lib = open_library(*db);
    auto search = [&](const BenchQuery& q) { return helmarr_search(*lib->library, q); };
    run(free_text, 1, search);
    const auto h1 = run(free_text, 1, search);
    const auto a = h1.lat.all(), b = n1.lat.all();
    std::printf("\n**free text, Helmarr vs naive (1 client)**\n\n| | Helmarr ms | naive ms | naive / Helmarr |\n|---|---:|---:|---:|\n");
    for (double p : {50.0, 95.0, 99.0})
      std::printf("| p%.0f | %.2f | %.2f | %.1f× |\n", p, pct(a, p), pct(b, p), pct(b, p) / std::max(pct(a, p), 1e-3));
  }
  return 0;
}
