// SQLite implementation of store::Database: one connection, one mutex.
//
// Locking: every public call takes mu_ (a recursive mutex). transaction()
// holds it for the whole callback, so no other thread's statement can land
// inside someone else's transaction; the callback's own statements re-enter
// the mutex on the same thread. The connection is opened NOMUTEX because
// mu_ already serialises every use of it.
#include <sqlite3.h>

#include <climits>
#include <filesystem>
#include <map>
#include <mutex>

#include <fmt/format.h>

#include "store/database.h"

namespace helmarr::store {
namespace {

// The same few dozen statements run on every request; past this many distinct
// SQL strings something is building SQL dynamically and caching stops paying.
constexpr std::size_t kStatementCacheLimit = 128;

ErrorCode code_for(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return ErrorCode::unavailable;
    case SQLITE_CONSTRAINT:
      return ErrorCode::conflict;
    default:
      return ErrorCode::internal;
  }
}

// SQL text for error messages: placeholders only, never bound values.
std::string excerpt(std::string_view sql) {
  constexpr std::size_t kMax = 160;
  std::string out;
  out.reserve(std::min(sql.size(), kMax + 3));
  bool space = false;
  for (char c : sql) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
    if (out.size() >= kMax) {
      out += "...";
      break;
    }
  }
  return out;
}

tl::unexpected<Error> sqlite_fail(int rc, std::string_view what, const std::string& sqlite_message,
                                  std::string_view sql = {}) {
  std::string message = fmt::format("sqlite {} failed: {}", what, sqlite_message);
  if (!sql.empty()) message += fmt::format(" [sql: {}]", excerpt(sql));
  return fail(code_for(rc), std::move(message),
              {{"engine", "sqlite"}, {"sqlite_code", rc}, {"sqlite_message", sqlite_message}});
}

// Resets a cached statement after use and drops its bindings, so bound
// values (which may be secrets) do not linger in SQLite's memory.
struct StatementReset {
  sqlite3_stmt* stmt;
  ~StatementReset() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  ~SqliteDatabase() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    cache_.clear();
    sqlite3_close_v2(db_);
  }

  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  Result<ExecResult> execute(std::string_view sql, std::span<const Value> params = {}) override {
    std::lock_guard lock(mu_);
    auto stmt = prepare(sql);
    if (!stmt) return tl::unexpected(stmt.error());
    StatementReset reset{*stmt};
    if (auto bound = bind(*stmt, params, sql); !bound) return tl::unexpected(bound.error());

    const auto total_before = sqlite3_total_changes64(db_);
    int rc;
    while ((rc = sqlite3_step(*stmt)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) return sqlite_fail(rc, "execute", sqlite3_errmsg(db_), sql);

    ExecResult out;
    // sqlite3_changes64 keeps the count of the last INSERT/UPDATE/DELETE even
    // across DDL; report 0 when this statement itself changed nothing.
    out.changes = sqlite3_total_changes64(db_) == total_before ? 0 : sqlite3_changes64(db_);
    out.last_insert_id = sqlite3_last_insert_rowid(db_);
    return out;
  }

  Result<std::vector<Row>> query(std::string_view sql, std::span<const Value> params = {}) override {
    std::lock_guard lock(mu_);
    auto stmt = prepare(sql);
    if (!stmt) return tl::unexpected(stmt.error());
    StatementReset reset{*stmt};
    if (auto bound = bind(*stmt, params, sql); !bound) return tl::unexpected(bound.error());

    std::vector<Row> rows;
    const int columns = sqlite3_column_count(*stmt);
    int rc;
    while ((rc = sqlite3_step(*stmt)) == SQLITE_ROW) {
      Row row;
      row.values.reserve(static_cast<std::size_t>(columns));
      for (int i = 0; i < columns; ++i) row.values.push_back(column(*stmt, i));
      rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) return sqlite_fail(rc, "query", sqlite3_errmsg(db_), sql);
    return rows;
  }

  Result<void> execute_script(std::string_view sql) override {
    std::lock_guard lock(mu_);
    const std::string text(sql);
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string message = err ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      return sqlite_fail(rc, "script", message);
    }
    sqlite3_free(err);
    return {};
  }

  Result<void> transaction(const std::function<Result<void>(Session&)>& fn) override {
    std::lock_guard lock(mu_);
    if (in_transaction_) {
      return fail(ErrorCode::internal,
                  "nested transaction() call: statements inside a transaction must use the Session the callback "
                  "was given");
    }
    if (!sqlite3_get_autocommit(db_)) {
      return fail(ErrorCode::internal,
                  "transaction(): the connection already has an open transaction (BEGIN issued through execute?)");
    }
    if (auto begun = control("BEGIN IMMEDIATE"); !begun) return begun;

    in_transaction_ = true;
    struct Clear {
      bool& flag;
      ~Clear() { flag = false; }
    } clear{in_transaction_};

    Result<void> result;
    try {
      result = fn(*this);
    } catch (...) {
      rollback();
      throw;
    }
    if (!result) {
      rollback();
      return result;
    }
    if (auto committed = control("COMMIT"); !committed) {
      rollback();
      return committed;
    }
    return {};
  }

  std::string engine() const override { return "sqlite"; }

 private:
  // Caller holds mu_. Returns a cached, reset statement.
  Result<sqlite3_stmt*> prepare(std::string_view sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
    if (sql.size() > static_cast<std::size_t>(INT_MAX)) return fail(ErrorCode::internal, "sqlite: statement too long");

    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                                &tail);
    if (rc != SQLITE_OK) {
      std::string message = sqlite3_errmsg(db_);
      sqlite3_finalize(stmt);
      return sqlite_fail(rc, "prepare", message, sql);
    }
    if (stmt == nullptr) return fail(ErrorCode::internal, "sqlite prepare failed: empty statement");

    // execute/query run exactly one statement; anything after it would be
    // silently ignored by SQLite, so refuse it (comments and whitespace are fine).
    const auto rest = static_cast<std::size_t>(tail - sql.data());
    if (rest < sql.size()) {
      sqlite3_stmt* next = nullptr;
      rc = sqlite3_prepare_v2(db_, tail, static_cast<int>(sql.size() - rest), &next, nullptr);
      const bool more = rc != SQLITE_OK || next != nullptr;
      sqlite3_finalize(next);
      if (more) {
        sqlite3_finalize(stmt);
        return fail(ErrorCode::internal,
                    fmt::format("sqlite prepare failed: more than one statement (use execute_script) [sql: {}]",
                                excerpt(sql)));
      }
    }

    if (cache_.size() >= kStatementCacheLimit) {
      for (auto& [text, cached] : cache_) sqlite3_finalize(cached);
      cache_.clear();
    }
    cache_.emplace(std::string(sql), stmt);
    return stmt;
  }

  Result<void> bind(sqlite3_stmt* stmt, std::span<const Value> params, std::string_view sql) {
    const int expected = sqlite3_bind_parameter_count(stmt);
    if (static_cast<std::size_t>(expected) != params.size()) {
      return fail(ErrorCode::internal,
                  fmt::format("sqlite bind failed: statement takes {} parameter(s), {} given [sql: {}]", expected,
                              params.size(), excerpt(sql)));
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      const int rc = std::visit(
          [&](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
              return sqlite3_bind_null(stmt, index);
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
              return sqlite3_bind_int64(stmt, index, static_cast<sqlite3_int64>(v));
            } else if constexpr (std::is_same_v<T, double>) {
              return sqlite3_bind_double(stmt, index, v);
            } else {
              return sqlite3_bind_text64(stmt, index, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
            }
          },
          params[i]);
      if (rc != SQLITE_OK) {
        return sqlite_fail(rc, fmt::format("bind of parameter {}", index), sqlite3_errmsg(db_), sql);
      }
    }
    return {};
  }

  static Value column(sqlite3_stmt* stmt, int i) {
    switch (sqlite3_column_type(stmt, i)) {
      case SQLITE_INTEGER:
        return std::int64_t{sqlite3_column_int64(stmt, i)};
      case SQLITE_FLOAT:
        return sqlite3_column_double(stmt, i);
      case SQLITE_TEXT: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
        const int bytes = sqlite3_column_bytes(stmt, i);
        return text ? std::string(text, static_cast<std::size_t>(bytes)) : std::string();
      }
      case SQLITE_BLOB: {
        const auto* blob = static_cast<const char*>(sqlite3_column_blob(stmt, i));
        const int bytes = sqlite3_column_bytes(stmt, i);
        return blob ? std::string(blob, static_cast<std::size_t>(bytes)) : std::string();
      }
      default:
        return std::monostate{};
    }
  }

  // BEGIN / COMMIT / ROLLBACK through the statement cache. Caller holds mu_.
  Result<void> control(std::string_view sql) {
    auto done = execute(sql, {});
    if (!done) return tl::unexpected(done.error());
    return {};
  }

  void rollback() {
    // Some errors (SQLITE_FULL, SQLITE_IOERR, ...) already rolled back.
    if (!sqlite3_get_autocommit(db_)) (void)control("ROLLBACK");
  }

  sqlite3* db_;
  std::string path_;
  std::recursive_mutex mu_;
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
  bool in_transaction_ = false;
};

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(const SqliteOptions& options) {
  const std::string& path = options.path;
  if (path.empty()) return fail(ErrorCode::invalid_request, "database path is empty");

  if (path != ":memory:") {
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(parent, ec);
      if (ec) {
        return fail(ErrorCode::unavailable,
                    fmt::format("cannot open database {}: cannot create directory {}: {}", path, parent.string(),
                                ec.message()));
      }
    }
  }

  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    sqlite3_close_v2(raw);
    return fail(code_for(rc), fmt::format("cannot open database {}: {}", path, message),
                {{"engine", "sqlite"}, {"sqlite_code", rc}, {"sqlite_message", message}});
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, options.busy_timeout_ms);

  auto db = std::make_unique<SqliteDatabase>(raw, path);  // owns raw from here on
  auto setup_fail = [&](const Error& e) {
    return fail(e.code, fmt::format("cannot open database {}: {}", path, e.message), e.details);
  };

  // journal_mode answers with the mode actually in effect; also the first
  // read of the file, so "file is not a database" surfaces here.
  auto mode = db->query("PRAGMA journal_mode=WAL");
  if (!mode) return setup_fail(mode.error());
  const std::string got = mode->empty() || mode->front().values.empty() ? "" : mode->front().text_at(0);
  if (path != ":memory:" && got != "wal") {
    return fail(ErrorCode::unavailable,
                fmt::format("cannot open database {}: could not enable WAL journal (journal_mode is '{}')", path, got));
  }
  for (const char* pragma : {"PRAGMA foreign_keys=ON", "PRAGMA synchronous=FULL"}) {
    if (auto done = db->execute_script(pragma); !done) return setup_fail(done.error());
  }
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace helmarr::store
