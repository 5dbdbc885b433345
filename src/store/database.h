#pragma once
// The database as the rest of Helmarr sees it. SQLite (src/store/sqlite/)
// and PostgreSQL (src/store/postgres/) implement it, so callers never name
// an engine. SQL uses '?' placeholders; an engine that
// wants $1.. rewrites them.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"
#include "store/dialect.h"

namespace helmarr::store {

// Bytes stored as a BLOB (hashes, keys); a std::string is stored as TEXT.
struct Blob {
  std::string bytes;
  friend bool operator==(const Blob&, const Blob&) = default;
};

using Value = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;

struct Row {
  std::vector<Value> values;
  bool is_null(std::size_t i) const { return std::holds_alternative<std::monostate>(values.at(i)); }
  std::int64_t int_at(std::size_t i) const;       // 0 when null
  double real_at(std::size_t i) const;            // 0 when null
  std::string text_at(std::size_t i) const;       // "" when null; a blob's bytes
};

struct ExecResult {
  std::int64_t changes = 0;
  std::int64_t last_insert_id = 0;
};

// One connection's worth of work. Inside transaction() and read() the
// callback gets the same interface bound to the open transaction.
class Session {
 public:
  virtual ~Session() = default;
  virtual Result<ExecResult> execute(std::string_view sql, std::span<const Value> params = {}) = 0;
  virtual Result<std::vector<Row>> query(std::string_view sql, std::span<const Value> params = {}) = 0;
  // Runs several statements without parameters (migrations).
  virtual Result<void> execute_script(std::string_view sql) = 0;
};

// Whether transaction() may run its callback again when the engine reports
// the database busy (another process holds the write lock past the busy
// timeout). The engine rolls the attempt back first, so what decides is the
// callback itself: idempotent means it touches nothing outside its Session
// (no events, counters, I/O) and writes the same rows however often it runs.
enum class Retry {
  never,       // busy fails with ErrorCode::unavailable after the busy timeout
  idempotent,  // busy rolls back and runs fn again, a bounded number of times
};

using SessionFn = std::function<Result<void>(Session&)>;

// Outside transaction(), execute() and execute_script() commit on their own
// (autocommit) and query() reads the last committed state; an engine may
// serve those reads on other connections than its writes, so reads and writes
// from different threads do not wait on each other.
class Database : public Session {
 public:
  // Commits when fn returns a value, rolls back when it returns an error.
  // The commit is durable when this returns: acknowledged writes survive
  // kill -9 (and, with synchronous=FULL, power loss). Transactions are
  // serialised; a nested call on the same thread is an error.
  Result<void> transaction(const SessionFn& fn, Retry retry = Retry::never) { return run_transaction(fn, retry); }
  // fn's queries all see one snapshot of committed data (taken at its first
  // read), and writers proceed meanwhile; writes through the session fail.
  // Use it for reads that must agree with each other (a count and a page).
  // Inside a transaction() it sees the last commit, not that transaction.
  virtual Result<void> read(const SessionFn& fn) = 0;
  virtual Dialect dialect() const = 0;
  std::string engine() const { return std::string(dialect_name(dialect())); }

 protected:
  virtual Result<void> run_transaction(const SessionFn& fn, Retry retry) = 0;
};

struct SqliteOptions {
  std::string path;  // file path, or ":memory:"
  int busy_timeout_ms = 5000;
  // Page cache per connection. The writer's holds the index pages that
  // random info-hashes land on (imports); readers' hold the hot part of the
  // full-text index.
  int writer_cache_kib = 256 * 1024;
  int reader_cache_kib = 64 * 1024;
  // WAL pages before the writer copies them back into the database: a page
  // that several batches of an import rewrite is copied back once.
  int wal_autocheckpoint_pages = 16384;
  // Connections serving query() and read() beside the one writer, opened on
  // first use. A ":memory:" database is private to its connection, so it has
  // no readers: everything runs on the writer.
  int max_readers = 4;
  // Extra attempts of a Retry::idempotent transaction after busy.
  int busy_retries = 3;
  // Told before each such retry (attempt 1 is the first that failed); tests
  // and metrics watch it.
  std::function<void(int attempt, const Error& busy)> on_busy_retry;
};

struct PostgresOptions {
  std::string conninfo;  // postgres://user:pass@host:port/db or libpq keywords
  int pool_size = 8;     // connections, opened on first use
  int connect_timeout_s = 10;
  int statement_timeout_ms = 30000;  // every statement, server-side
  // Extra attempts of a Retry::idempotent transaction after a serialization
  // failure or deadlock.
  int serialization_retries = 3;
  std::function<void(int attempt, const Error& error)> on_busy_retry;
};

// Connects once (the error names the server, password redacted). Nothing is
// created: the database must exist.
Result<std::unique_ptr<Database>> open_postgres(const PostgresOptions& options);

// Opens (creating when missing, mode 0600, the directory 0700) with WAL,
// foreign keys, busy timeout, synchronous=FULL on every connection. The
// error names the path and SQLite's reason.
Result<std::unique_ptr<Database>> open_sqlite(const SqliteOptions& options);

}  // namespace helmarr::store
