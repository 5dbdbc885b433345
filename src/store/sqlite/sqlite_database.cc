// SQLite implementation of store::Database: one writer connection and a pool
// of reader connections on the same WAL file.
//
// Writes: execute(), execute_script() and transaction() run on the writer
// under writer_mu_ (recursive). transaction() holds it for the whole
// callback, so no other thread's statement lands inside someone else's
// transaction.
// Reads: query() outside a transaction and read() take a reader from the
// pool. WAL lets readers see the last commit while the writer writes, so a
// long read never waits for a write nor the other way round. A query() that
// would write (INSERT ... RETURNING) is sent to the writer, and a query() on
// the thread that holds the writer's transaction stays on the writer, so it
// sees that transaction's own changes.
// ":memory:" is private to one connection (a shared-cache URI would bring
// table locks instead of WAL), so it has no readers and everything runs on
// the writer: in-memory databases are for tests and the `--memory` mode.
#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "core/file.h"
#include "store/bound_session.h"
#include "store/connection_pool.h"
#include "store/database.h"
#include "store/sqlite/connection.h"

namespace helmarr::store {
namespace {

using sqlite::Connection;

constexpr std::string_view kMemory = ":memory:";

// The session a transaction() or read() callback gets: bound to the
// connection holding the transaction. A read's session refuses writes even
// on ":memory:", where the read runs on the writer.
using BoundSession = store::BoundSession<Connection>;

using ReaderPool = ConnectionPool<Connection>;

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::unique_ptr<Connection> writer, const SqliteOptions& options)
      : writer_(std::move(writer)), options_(options) {
    if (options.path != kMemory && options.max_readers > 0) {
      readers_ = std::make_unique<ReaderPool>(options.max_readers, [options] {
        return Connection::open({.path = options.path, .create = false, .read_only = true,
                                 .busy_timeout_ms = options.busy_timeout_ms, .cache_kib = options.reader_cache_kib});
      });
    }
  }

  Result<ExecResult> execute(std::string_view sql, std::span<const Value> params = {}) override {
    std::lock_guard lock(writer_mu_);
    return writer_->execute(sql, params);
  }

  Result<std::vector<Row>> query(std::string_view sql, std::span<const Value> params = {}) override {
    // Inside read() on this thread: the same snapshot, and no second reader
    // taken (threads each holding one and waiting for another would deadlock).
    if (Connection* held = held_reader()) return held->query(sql, params);
    if (readers_ && owner_.load() != std::this_thread::get_id()) {
      // The lease ends before the writer is waited for: a thread never holds
      // a reader while it waits for the writer.
      auto reader = readers_->take();
      if (!reader) return tl::unexpected(reader.error());
      auto reads_only = (*reader)->reads_only(sql);
      if (!reads_only) return tl::unexpected(reads_only.error());
      if (*reads_only) {
        auto rows = (*reader)->query(sql, params);
        if (rows && (*reader)->in_transaction()) {  // rolled back when the lease ends
          return fail(ErrorCode::internal, "query(): transaction control belongs in transaction() or read()");
        }
        return rows;
      }
    }
    std::lock_guard lock(writer_mu_);
    return writer_->query(sql, params);
  }

  Result<void> execute_script(std::string_view sql) override {
    std::lock_guard lock(writer_mu_);
    return writer_->execute_script(sql);
  }

  Result<void> read(const SessionFn& fn) override {
    if (!readers_) {
      std::lock_guard lock(writer_mu_);
      if (writer_->in_transaction()) return fail(ErrorCode::internal, "read() inside a transaction on :memory:");
      return transact(*writer_, "BEGIN", false, fn);
    }
    if (Connection* held = held_reader()) {  // a nested read() shares the outer snapshot
      BoundSession session(*held, false);
      return fn(session);
    }
    auto reader = readers_->take();
    if (!reader) return tl::unexpected(reader.error());
    t_reads.emplace_back(this, &**reader);
    struct Pop {
      ~Pop() { t_reads.pop_back(); }
    } pop;
    return transact(**reader, "BEGIN", false, fn);
  }

  Dialect dialect() const override { return Dialect::sqlite; }

 protected:
  Result<void> run_transaction(const SessionFn& fn, Retry retry) override {
    std::lock_guard lock(writer_mu_);
    if (owner_.load() == std::this_thread::get_id()) {
      return fail(ErrorCode::internal,
                  "nested transaction() call: statements inside a transaction must use the Session the callback "
                  "was given");
    }
    if (writer_->in_transaction()) {
      return fail(ErrorCode::internal,
                  "transaction(): the connection already has an open transaction (BEGIN issued through execute?)");
    }
    owner_ = std::this_thread::get_id();
    struct Clear {
      std::atomic<std::thread::id>& owner;
      ~Clear() { owner = std::thread::id(); }
    } clear{owner_};

    for (int attempt = 1;; ++attempt) {
      // IMMEDIATE takes the write lock up front, so a busy database shows
      // at BEGIN (after the busy timeout), before fn has run.
      auto result = transact(*writer_, "BEGIN IMMEDIATE", true, fn);
      if (result || retry != Retry::idempotent || sqlite::sqlite_code(result.error()) != SQLITE_BUSY ||
          attempt > options_.busy_retries) {
        if (!result && attempt > 1) result.error().details["attempts"] = attempt;
        return result;
      }
      if (options_.on_busy_retry) options_.on_busy_retry(attempt, result.error());
    }
  }

 private:
  // BEGIN, fn, COMMIT; ROLLBACK when fn fails, throws or COMMIT fails.
  static Result<void> transact(Connection& c, std::string_view begin, bool writable, const SessionFn& fn) {
    if (auto begun = c.execute(begin); !begun) return tl::unexpected(begun.error());
    BoundSession session(c, writable);
    Result<void> result;
    try {
      result = fn(session);
    } catch (...) {
      c.rollback();
      throw;
    }
    if (!result) {
      c.rollback();
      return result;
    }
    if (auto committed = c.execute("COMMIT"); !committed) {
      c.rollback();
      return tl::unexpected(committed.error());
    }
    return {};
  }

  Connection* held_reader() const {
    for (const auto& [db, c] : t_reads) {
      if (db == this) return c;
    }
    return nullptr;
  }

  // The readers this thread holds inside read(), per database.
  static thread_local std::vector<std::pair<const SqliteDatabase*, Connection*>> t_reads;

  std::unique_ptr<Connection> writer_;
  SqliteOptions options_;
  std::recursive_mutex writer_mu_;
  std::atomic<std::thread::id> owner_{};  // the thread inside transaction(), if any
  std::unique_ptr<ReaderPool> readers_;
};

thread_local std::vector<std::pair<const SqliteDatabase*, Connection*>> SqliteDatabase::t_reads;

// The file and any directory made for it are private before SQLite opens
// them; SQLite gives -wal and -shm the database file's mode.
Result<void> prepare_files(const std::string& path) {
  const auto parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty() && !std::filesystem::exists(parent, ec)) {
    if (auto made = create_private_directory(parent.string()); !made) return tl::unexpected(made.error());
  }
  if (auto made = create_private_file(path); !made) return tl::unexpected(made.error());
  return {};
}

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite(const SqliteOptions& options) {
  const std::string& path = options.path;
  if (path.empty()) return fail(ErrorCode::invalid_request, "database path is empty");
  if (path != kMemory) {
    if (auto ready = prepare_files(path); !ready) {
      return fail(ErrorCode::unavailable, fmt::format("cannot open database {}", ready.error().message));
    }
  }
  auto writer = sqlite::Connection::open({.path = path, .create = true, .read_only = false,
                                          .busy_timeout_ms = options.busy_timeout_ms,
                                          .cache_kib = options.writer_cache_kib,
                                          .wal_autocheckpoint_pages = options.wal_autocheckpoint_pages});
  if (!writer) return tl::unexpected(writer.error());
  return std::unique_ptr<Database>(std::make_unique<SqliteDatabase>(std::move(*writer), options));
}

}  // namespace helmarr::store
