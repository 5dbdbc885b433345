// PostgreSQL implementation of store::Database: a pool of libpq connections.
//
// Outside a transaction, execute(), query() and execute_script() take any
// free connection (autocommit). transaction() holds one connection for the
// callback, between BEGIN and COMMIT; the interface promises transactions are
// serialised within the process (as SQLite's single writer does), so they
// also hold writer_mu_. read() runs its callback in a REPEATABLE READ READ
// ONLY transaction: one snapshot for all its queries, writers proceed. On the
// thread inside a transaction, the database's own calls use that
// transaction's connection, so they see its changes.
// Retry::idempotent runs the callback again after a serialization failure
// or a deadlock (another process's transaction won), a bounded number of
// times.
#include <condition_variable>
#include <mutex>

#include <fmt/format.h>

#include "store/bound_session.h"
#include "store/connection_pool.h"
#include "store/database.h"
#include "store/postgres/connection.h"

namespace helmarr::store {
namespace {

using postgres::Connection;

using BoundSession = store::BoundSession<Connection>;

using Pool = ConnectionPool<Connection>;

bool retryable(const Error& e) {
  const auto state = postgres::sqlstate(e);
  return state == "40001" || state == "40P01";
}

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(PostgresOptions options)
      : options_(options), pool_(options.pool_size, [options] {
          return Connection::open({.conninfo = options.conninfo,
                                   .connect_timeout_s = options.connect_timeout_s,
                                   .statement_timeout_ms = options.statement_timeout_ms});
        }) {}

  Result<ExecResult> execute(std::string_view sql, std::span<const Value> params = {}) override {
    if (auto* c = current()) return c->execute(sql, params);
    auto lease = pool_.take();
    if (!lease) return tl::unexpected(lease.error());
    return (*lease)->execute(sql, params);
  }
  Result<std::vector<Row>> query(std::string_view sql, std::span<const Value> params = {}) override {
    if (auto* c = current()) return c->query(sql, params);
    auto lease = pool_.take();
    if (!lease) return tl::unexpected(lease.error());
    return (*lease)->query(sql, params);
  }
  Result<void> execute_script(std::string_view sql) override {
    if (auto* c = current()) return c->execute_script(sql);
    auto lease = pool_.take();
    if (!lease) return tl::unexpected(lease.error());
    return (*lease)->execute_script(sql);
  }

  Result<void> read(const SessionFn& fn) override {
    auto lease = pool_.take();
    if (!lease) return tl::unexpected(lease.error());
    if (auto begun = (*lease)->execute_script("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); !begun) {
      return begun;
    }
    BoundSession session(**lease, false);
    auto result = fn(session);
    if (!result) {
      (*lease)->rollback();
      return result;
    }
    return (*lease)->execute_script("COMMIT");
  }

  Dialect dialect() const override { return Dialect::postgres; }

 protected:
  Result<void> run_transaction(const SessionFn& fn, Retry retry) override {
    if (current()) return fail(ErrorCode::internal, "transaction(): already inside a transaction on this thread");
    std::lock_guard writer(writer_mu_);
    auto lease = pool_.take();
    if (!lease) return tl::unexpected(lease.error());
    const int attempts = retry == Retry::idempotent ? 1 + options_.serialization_retries : 1;
    for (int attempt = 1;; ++attempt) {
      auto result = attempt_once(**lease, fn);
      if (result || !retryable(result.error()) || attempt >= attempts) return result;
      if (options_.on_busy_retry) options_.on_busy_retry(attempt, result.error());
    }
  }

 private:
  Result<void> attempt_once(Connection& c, const SessionFn& fn) {
    if (auto begun = c.execute_script("BEGIN"); !begun) return begun;
    CurrentGuard guard(this, &c);
    BoundSession session(c, true);
    auto result = fn(session);
    if (!result) {
      c.rollback();
      return result;
    }
    if (auto committed = c.execute_script("COMMIT"); !committed) {
      c.rollback();
      return committed;
    }
    return {};
  }

  // This thread's open transaction on this database, if any.
  Connection* current() const {
    for (const auto& [db, c] : t_current) {
      if (db == this) return c;
    }
    return nullptr;
  }
  struct CurrentGuard {
    CurrentGuard(const PostgresDatabase* db, Connection* c) { t_current.emplace_back(db, c); }
    ~CurrentGuard() { t_current.pop_back(); }
  };
  static thread_local std::vector<std::pair<const PostgresDatabase*, Connection*>> t_current;

  PostgresOptions options_;
  Pool pool_;
  std::mutex writer_mu_;
};

thread_local std::vector<std::pair<const PostgresDatabase*, Connection*>> PostgresDatabase::t_current;

}  // namespace

Result<std::unique_ptr<Database>> open_postgres(const PostgresOptions& options) {
  if (options.pool_size < 1) return fail(ErrorCode::invalid_request, "postgres: pool_size must be at least 1");
  auto db = std::make_unique<PostgresDatabase>(options);
  // Connect once now, so a wrong URL or a server that is down fails at startup.
  if (auto probe = db->query("SELECT 1"); !probe) return tl::unexpected(probe.error());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace helmarr::store
