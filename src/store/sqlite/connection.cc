// One SQLite connection: opening it with Helmarr's settings, its statement
// cache, binding and reading values, and SQLite's errors as Helmarr's.
#include "store/sqlite/connection.h"

#include <sqlite3.h>

#include <climits>
#include <mutex>

#include <fmt/format.h>

#include "store/sql_text.h"

namespace helmarr::store::sqlite {
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


tl::unexpected<Error> sqlite_fail(int rc, std::string_view what, const std::string& sqlite_message,
                                  std::string_view sql = {}) {
  std::string message = fmt::format("sqlite {} failed: {}", what, sqlite_message);
  if (!sql.empty()) message += fmt::format(" [sql: {}]", sql_excerpt(sql));
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

Value column(sqlite3_stmt* stmt, int i) {
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
      return Blob{blob ? std::string(blob, static_cast<std::size_t>(bytes)) : std::string()};
    }
    default:
      return std::monostate{};
  }
}

// Process-wide settings, before SQLite's first use. Memory statistics take a
// global mutex on every allocation, which Helmarr never reads: off.
void configure_sqlite_once() {
  static std::once_flag once;
  std::call_once(once, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

int sqlite_code(const Error& e) {
  if (auto it = e.details.find("sqlite_code"); it != e.details.end() && it->is_number_integer()) {
    return it->get<int>() & 0xff;
  }
  return 0;
}

Result<std::unique_ptr<Connection>> Connection::open(const ConnectionOptions& options) {
  configure_sqlite_once();
  const std::string& path = options.path;
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (options.create ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    sqlite3_close_v2(raw);
    return fail(code_for(rc), fmt::format("cannot open database {}: {}", path, message),
                {{"engine", "sqlite"}, {"sqlite_code", rc}, {"sqlite_message", message}});
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, options.busy_timeout_ms);
  std::unique_ptr<Connection> conn(new Connection(raw, path));  // owns raw from here on

  // The writer asks for WAL (persistent in the file, so readers inherit it);
  // journal_mode answers with the mode in effect, and is the first read of
  // the file, so "file is not a database" surfaces here.
  auto mode = conn->query(options.create ? "PRAGMA journal_mode=WAL" : "PRAGMA journal_mode");
  if (!mode) return fail(mode.error().code, fmt::format("cannot open database {}: {}", path, mode.error().message),
                         mode.error().details);
  const std::string got = mode->empty() || mode->front().values.empty() ? "" : mode->front().text_at(0);
  if (path != ":memory:" && got != "wal") {
    return fail(ErrorCode::unavailable,
                fmt::format("cannot open database {}: could not enable WAL journal (journal_mode is '{}')", path, got));
  }
  std::string pragmas = "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;";
  if (options.read_only) pragmas += " PRAGMA query_only=ON;";
  if (options.cache_kib > 0) pragmas += fmt::format(" PRAGMA cache_size=-{};", options.cache_kib);
  if (options.wal_autocheckpoint_pages > 0) {
    pragmas += fmt::format(" PRAGMA wal_autocheckpoint={};", options.wal_autocheckpoint_pages);
  }
  if (auto done = conn->execute_script(pragmas); !done) {
    return fail(done.error().code, fmt::format("cannot open database {}: {}", path, done.error().message),
                done.error().details);
  }
  return conn;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  cache_.clear();
  sqlite3_close_v2(db_);
}

Result<ExecResult> Connection::execute(std::string_view sql, std::span<const Value> params) {
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

Result<std::vector<Row>> Connection::query(std::string_view sql, std::span<const Value> params) {
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

Result<void> Connection::execute_script(std::string_view sql) {
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

Result<bool> Connection::reads_only(std::string_view sql) {
  auto stmt = prepare(sql);
  if (!stmt) return tl::unexpected(stmt.error());
  return sqlite3_stmt_readonly(*stmt) != 0;
}

bool Connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

void Connection::rollback() {
  if (in_transaction()) (void)execute("ROLLBACK");
}

// Returns a cached, reset statement.
Result<sqlite3_stmt*> Connection::prepare(std::string_view sql) {
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
                              sql_excerpt(sql)));
    }
  }

  if (cache_.size() >= kStatementCacheLimit) {
    for (auto& [text, cached] : cache_) sqlite3_finalize(cached);
    cache_.clear();
  }
  cache_.emplace(std::string(sql), stmt);
  return stmt;
}

Result<void> Connection::bind(sqlite3_stmt* stmt, std::span<const Value> params, std::string_view sql) {
  const int expected = sqlite3_bind_parameter_count(stmt);
  if (static_cast<std::size_t>(expected) != params.size()) {
    return fail(ErrorCode::internal,
                fmt::format("sqlite bind failed: statement takes {} parameter(s), {} given [sql: {}]", expected,
                            params.size(), sql_excerpt(sql)));
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
          } else if constexpr (std::is_same_v<T, Blob>) {
            return sqlite3_bind_blob64(stmt, index, v.bytes.data(), v.bytes.size(), SQLITE_STATIC);
          } else {
            // STATIC: the caller's params outlive the statement's run, and
            // StatementReset drops the bindings before execute/query return.
            return sqlite3_bind_text64(stmt, index, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
          }
        },
        params[i]);
    if (rc != SQLITE_OK) {
      return sqlite_fail(rc, fmt::format("bind of parameter {}", index), sqlite3_errmsg(db_), sql);
    }
  }
  return {};
}

}  // namespace helmarr::store::sqlite
