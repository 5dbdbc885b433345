#pragma once
// The database as the rest of Helmarr sees it. SQLite implements it today
// (sqlite_database.cc); PostgreSQL will implement the same interface, so
// callers never name an engine. SQL uses '?' placeholders; an engine that
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

namespace helmarr::store {

using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

struct Row {
  std::vector<Value> values;
  bool is_null(std::size_t i) const { return std::holds_alternative<std::monostate>(values.at(i)); }
  std::int64_t int_at(std::size_t i) const;       // 0 when null
  double real_at(std::size_t i) const;            // 0 when null
  std::string text_at(std::size_t i) const;       // "" when null
};

struct ExecResult {
  std::int64_t changes = 0;
  std::int64_t last_insert_id = 0;
};

// One connection's worth of work. Inside transaction() the callback gets the
// same interface bound to the open transaction.
class Session {
 public:
  virtual ~Session() = default;
  virtual Result<ExecResult> execute(std::string_view sql, std::span<const Value> params = {}) = 0;
  virtual Result<std::vector<Row>> query(std::string_view sql, std::span<const Value> params = {}) = 0;
  // Runs several statements without parameters (migrations).
  virtual Result<void> execute_script(std::string_view sql) = 0;
};

class Database : public Session {
 public:
  // Commits when fn returns a value, rolls back when it returns an error.
  // The commit is durable when this returns: acknowledged writes survive
  // kill -9 (and, with synchronous=FULL, power loss).
  virtual Result<void> transaction(const std::function<Result<void>(Session&)>& fn) = 0;
  virtual std::string engine() const = 0;  // "sqlite"
};

struct SqliteOptions {
  std::string path;  // file path, or ":memory:"
  int busy_timeout_ms = 5000;
};

// Opens (creating when missing) with WAL, foreign keys, busy timeout,
// synchronous=FULL. The error names the path and SQLite's reason.
Result<std::unique_ptr<Database>> open_sqlite(const SqliteOptions& options);

}  // namespace helmarr::store
