#pragma once
// One SQLite connection and its statement cache. Not thread-safe: the
// database (sqlite_database.cc) gives each connection to one thread at a time.
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "store/database.h"

struct sqlite3;
struct sqlite3_stmt;

namespace helmarr::store::sqlite {

struct ConnectionOptions {
  std::string path;
  bool create = false;     // the writer creates the file; readers only open it
  bool read_only = false;  // PRAGMA query_only: a write through it is an error
  int busy_timeout_ms = 5000;
  int cache_kib = 0;  // page cache of this connection; 0 keeps SQLite's 2 MiB
  int wal_autocheckpoint_pages = 0;  // 0 keeps SQLite's 1000
};

class Connection final : public Session {
 public:
  // Opens with extended result codes, the busy timeout, foreign keys and
  // synchronous=FULL. Errors read "cannot open database <path>: <reason>".
  static Result<std::unique_ptr<Connection>> open(const ConnectionOptions& options);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Result<ExecResult> execute(std::string_view sql, std::span<const Value> params = {}) override;
  Result<std::vector<Row>> query(std::string_view sql, std::span<const Value> params = {}) override;
  Result<void> execute_script(std::string_view sql) override;

  // Whether the statement would leave the database unchanged (SELECT, most
  // PRAGMA reads; also BEGIN/COMMIT, which change nothing by themselves).
  Result<bool> reads_only(std::string_view sql);
  bool healthy() const { return true; }  // a file does not go away like a server
  bool in_transaction() const;
  // Rolls back an open transaction; some errors (SQLITE_FULL, SQLITE_IOERR)
  // have already done so.
  void rollback();

 private:
  Connection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Result<sqlite3_stmt*> prepare(std::string_view sql);
  Result<void> bind(sqlite3_stmt* stmt, std::span<const Value> params, std::string_view sql);

  sqlite3* db_;
  std::string path_;
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
};

// SQLite's primary result code of an error made here (0 when it is not one
// of ours), so callers can tell busy from the rest.
int sqlite_code(const Error& e);

}  // namespace helmarr::store::sqlite
