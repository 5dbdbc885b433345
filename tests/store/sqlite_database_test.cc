#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <thread>

#include "support/temp_dir.h"
#include "store/database.h"

namespace helmarr::store {
namespace {

namespace fs = std::filesystem;

using helmarr::testing::TempDir;

std::unique_ptr<Database> open_or_die(const std::string& path) {
  auto db = open_sqlite({.path = path});
  if (!db) throw std::runtime_error(db.error().message);
  return std::move(*db);
}

// A one-shot event between threads. wait_for's bound only turns a deadlock
// (the regression these tests catch) into a failure instead of a hang; no
// test depends on how long anything takes.
class Signal {
 public:
  void set() {
    std::lock_guard lock(mu_);
    set_ = true;
    cv_.notify_all();
  }
  void wait() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return set_; });
  }
  bool is_set() {
    std::lock_guard lock(mu_);
    return set_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool set_ = false;
};

constexpr auto kDeadlock = std::chrono::seconds(60);

template <class T>
bool finished(std::future<T>& f) {
  return f.wait_for(kDeadlock) == std::future_status::ready;
}

std::int64_t count(Session& s, const char* table = "t") {
  auto rows = s.query(std::string("SELECT COUNT(*) FROM ") + table);
  return rows && !rows->empty() ? rows->front().int_at(0) : -1;
}

std::string pragma(Database& db, const std::string& name) {
  auto rows = db.query("PRAGMA " + name);
  if (!rows || rows->empty()) return "<error>";
  return rows->front().text_at(0);
}

TEST(SqliteDatabase, OpenCreatesFileAndParentDirectories) {
  TempDir tmp;
  const auto file = tmp.path() / "a" / "b" / "helmarr.db";
  auto db = open_sqlite({.path = file.string()});
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_TRUE(fs::exists(file));
  EXPECT_EQ((*db)->engine(), "sqlite");
}

TEST(SqliteDatabase, FileDatabaseUsesWalForeignKeysAndFullSync) {
  TempDir tmp;
  auto db = open_or_die((tmp.path() / "h.db").string());
  EXPECT_EQ(pragma(*db, "journal_mode"), "wal");
  EXPECT_EQ(pragma(*db, "foreign_keys"), "1");
  EXPECT_EQ(pragma(*db, "synchronous"), "2");  // FULL
  EXPECT_EQ(pragma(*db, "busy_timeout"), "5000");
}

TEST(SqliteDatabase, MemoryDatabaseOpens) {
  auto db = open_sqlite({.path = ":memory:"});
  ASSERT_TRUE(db) << db.error().message;
  EXPECT_EQ(pragma(**db, "foreign_keys"), "1");
}

TEST(SqliteDatabase, ForeignKeysAreEnforced) {
  auto db = open_or_die(":memory:");
  ASSERT_TRUE(db->execute_script(
      "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
      "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id));"));
  const Value params[] = {std::int64_t{42}};
  auto r = db->execute("INSERT INTO child (parent_id) VALUES (?)", params);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
  EXPECT_NE(r.error().message.find("FOREIGN KEY"), std::string::npos) << r.error().message;
}

TEST(SqliteDatabase, OpenErrorNamesPathAndReason) {
  TempDir tmp;
  // A directory where the file should be.
  const auto dir = tmp.path() / "is-a-dir";
  fs::create_directories(dir);
  auto db = open_sqlite({.path = dir.string()});
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().message.find(dir.string()), std::string::npos) << db.error().message;

  // A file that is not a database.
  const auto junk = tmp.path() / "junk.db";
  std::ofstream(junk) << std::string(4096, 'x');
  auto db2 = open_sqlite({.path = junk.string()});
  ASSERT_FALSE(db2);
  EXPECT_NE(db2.error().message.find(junk.string()), std::string::npos) << db2.error().message;
  EXPECT_NE(db2.error().message.find("not a database"), std::string::npos) << db2.error().message;
}

TEST(SqliteDatabase, RoundTripsEveryValueType) {
  auto db = open_or_die(":memory:");
  ASSERT_TRUE(db->execute_script("CREATE TABLE t (a, b, c, d)"));
  const std::string unicode = "Zoë — 東京 🎬 ñ";
  const Value params[] = {std::monostate{}, std::int64_t{-9'007'199'254'740'993}, 3.25, unicode};
  auto ins = db->execute("INSERT INTO t (a, b, c, d) VALUES (?, ?, ?, ?)", params);
  ASSERT_TRUE(ins) << ins.error().message;
  EXPECT_EQ(ins->changes, 1);
  EXPECT_EQ(ins->last_insert_id, 1);

  auto rows = db->query("SELECT a, b, c, d FROM t");
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 1u);
  const Row& row = rows->front();
  EXPECT_TRUE(row.is_null(0));
  EXPECT_EQ(row.int_at(0), 0);
  EXPECT_EQ(row.text_at(0), "");
  EXPECT_TRUE(std::holds_alternative<std::int64_t>(row.values[1]));
  EXPECT_EQ(row.int_at(1), -9'007'199'254'740'993);
  EXPECT_TRUE(std::holds_alternative<double>(row.values[2]));
  EXPECT_DOUBLE_EQ(row.real_at(2), 3.25);
  EXPECT_TRUE(std::holds_alternative<std::string>(row.values[3]));
  EXPECT_EQ(row.text_at(3), unicode);

  // Empty string is text, not null.
  const Value empty[] = {std::string()};
  ASSERT_TRUE(db->execute("INSERT INTO t (d) VALUES (?)", empty));
  auto e = db->query("SELECT d FROM t WHERE d = ''");
  ASSERT_TRUE(e);
  ASSERT_EQ(e->size(), 1u);
  EXPECT_FALSE(e->front().is_null(0));
}

TEST(SqliteDatabase, ExecuteReportsChangesOfThisStatementOnly) {
  auto db = open_or_die(":memory:");
  ASSERT_TRUE(db->execute_script("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3);"));
  auto upd = db->execute("UPDATE t SET x = x + 1 WHERE x >= 2");
  ASSERT_TRUE(upd);
  EXPECT_EQ(upd->changes, 2);
  auto ddl = db->execute("CREATE TABLE u (y)");
  ASSERT_TRUE(ddl);
  EXPECT_EQ(ddl->changes, 0);
  auto none = db->execute("DELETE FROM t WHERE x = 99");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->changes, 0);
}

TEST(SqliteDatabase, StatementCacheReusesWithFreshBindings) {
  auto db = open_or_die(":memory:");
  ASSERT_TRUE(db->execute_script("CREATE TABLE t (k TEXT PRIMARY KEY, v)"));
  for (int i = 0; i < 50; ++i) {
    const Value params[] = {"k" + std::to_string(i), std::int64_t{i}};
    ASSERT_TRUE(db->execute("INSERT INTO t (k, v) VALUES (?, ?)", params));
  }
  for (int i = 0; i < 50; ++i) {
    const Value params[] = {"k" + std::to_string(i)};
    auto rows = db->query("SELECT v FROM t WHERE k = ?", params);
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ(rows->front().int_at(0), i);
  }
  // More distinct statements than the cache holds still work.
  for (int i = 0; i < 300; ++i) {
    auto rows = db->query("SELECT " + std::to_string(i));
    ASSERT_TRUE(rows);
    EXPECT_EQ(rows->front().int_at(0), i);
  }
}

TEST(SqliteDatabase, ParameterCountMismatchIsAnError) {
  auto db = open_or_die(":memory:");
  ASSERT_TRUE(db->execute_script("CREATE TABLE t (a, b)"));
  const Value one[] = {std::int64_t{1}};
  auto r = db->execute("INSERT INTO t (a, b) VALUES (?, ?)", one);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::internal);
  EXPECT_NE(r.error().message.find("2 parameter"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("1 given"), std::string::npos) << r.error().message;

  const Value three[] = {std::int64_t{1}, std::int64_t{2}, std::int64_t{3}};
  EXPECT_FALSE(db->query("SELECT * FROM t WHERE a = ?", three));
  // The statement is still usable afterwards.
  const Value two[] = {std::int64_t{1}, std::int64_t{2}};
  EXPECT_TRUE(db->execute("INSERT INTO t (a, b) VALUES (?, ?)", two));
}

TEST(SqliteDatabase, BadSqlIsAnErrorNamingTheProblem) {
  auto db = open_or_die(":memory:");
  auto r = db->query("SELEC 1");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::internal);
  EXPECT_NE(r.error().message.find("syntax error"), std::string::npos) << r.error().message;

  auto missing = db->execute("INSERT INTO nowhere VALUES (1)");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("no such table: nowhere"), std::string::npos) << missing.error().message;

  auto script = db->execute_script("CREATE TABLE ok (x); CREATE TABLEX bad (y);");
  ASSERT_FALSE(script);
  EXPECT_NE(script.error().message.find("syntax error"), std::string::npos) << script.error().message;

  auto two = db->execute("CREATE TABLE a (x); CREATE TABLE b (y)");
  ASSERT_FALSE(two);
  EXPECT_NE(two.error().message.find("more than one statement"), std::string::npos) << two.error().message;

  auto empty = db->query("   ");
  EXPECT_FALSE(empty);
}

TEST(SqliteDatabase, ErrorsDoNotContainBoundValues) {
  auto db = open_or_die(":memory:");
  ASSERT_TRUE(db->execute_script("CREATE TABLE secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)"));
  const Value params[] = {std::string("api"), std::string("hunter2-very-secret")};
  ASSERT_TRUE(db->execute("INSERT INTO secrets (name, value) VALUES (?, ?)", params));
  auto dup = db->execute("INSERT INTO secrets (name, value) VALUES (?, ?)", params);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, ErrorCode::conflict);
  EXPECT_NE(dup.error().message.find("UNIQUE constraint failed: secrets.name"), std::string::npos)
      << dup.error().message;
  EXPECT_EQ(dup.error().message.find("hunter2"), std::string::npos);
  EXPECT_EQ(dup.error().details.dump().find("hunter2"), std::string::npos);
}

TEST(SqliteDatabase, ConstraintViolationsAreConflicts) {
  auto db = open_or_die(":memory:");
  ASSERT_TRUE(db->execute_script("CREATE TABLE t (x INTEGER NOT NULL CHECK (x > 0))"));
  const Value null[] = {std::monostate{}};
  auto n = db->execute("INSERT INTO t (x) VALUES (?)", null);
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().code, ErrorCode::conflict);
  const Value negative[] = {std::int64_t{-1}};
  auto c = db->execute("INSERT INTO t (x) VALUES (?)", negative);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::conflict);
}

TEST(SqliteDatabase, TransactionCommitsOnSuccess) {
  auto db = open_or_die(":memory:");
  ASSERT_TRUE(db->execute_script("CREATE TABLE t (x)"));
  auto r = db->transaction([](Session& s) -> Result<void> {
    for (std::int64_t i = 0; i < 3; ++i) {
      const Value p[] = {i};
      if (auto e = s.execute("INSERT INTO t (x) VALUES (?)", p); !e) return tl::unexpected(e.error());
    }
    return {};
  });
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(db->query("SELECT COUNT(*) FROM t")->front().int_at(0), 3);
}

TEST(SqliteDatabase, TransactionRollsBackOnError) {
  auto db = open_or_die(":memory:");
  ASSERT_TRUE(db->execute_script("CREATE TABLE t (x)"));
  auto r = db->transaction([](Session& s) -> Result<void> {
    EXPECT_TRUE(s.execute("INSERT INTO t (x) VALUES (1)"));
    EXPECT_TRUE(s.execute_script("CREATE TABLE u (y); INSERT INTO u VALUES (1);"));
    return fail(ErrorCode::invalid_request, "changed my mind");
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_request);
  EXPECT_EQ(r.error().message, "changed my mind");
  EXPECT_EQ(db->query("SELECT COUNT(*) FROM t")->front().int_at(0), 0);
  EXPECT_TRUE(db->query("SELECT name FROM sqlite_master WHERE name = 'u'")->empty());

  // A failing statement inside rolls back too, and the connection stays usable.
  auto r2 = db->transaction([](Session& s) -> Result<void> {
    EXPECT_TRUE(s.execute("INSERT INTO t (x) VALUES (1)"));
    auto bad = s.execute("INSERT INTO missing VALUES (1)");
    if (!bad) return tl::unexpected(bad.error());
    return {};
  });
  ASSERT_FALSE(r2);
  EXPECT_EQ(db->query("SELECT COUNT(*) FROM t")->front().int_at(0), 0);
  EXPECT_TRUE(db->transaction([](Session& s) -> Result<void> {
    auto e = s.execute("INSERT INTO t (x) VALUES (7)");
    if (!e) return tl::unexpected(e.error());
    return {};
  }));
  EXPECT_EQ(db->query("SELECT COUNT(*) FROM t")->front().int_at(0), 1);
}

TEST(SqliteDatabase, TransactionRollsBackWhenCallbackThrows) {
  auto db = open_or_die(":memory:");
  ASSERT_TRUE(db->execute_script("CREATE TABLE t (x)"));
  EXPECT_THROW((void)db->transaction([](Session& s) -> Result<void> {
    (void)s.execute("INSERT INTO t (x) VALUES (1)");
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ(db->query("SELECT COUNT(*) FROM t")->front().int_at(0), 0);
  EXPECT_TRUE(db->transaction([](Session&) -> Result<void> { return {}; }));
}

TEST(SqliteDatabase, NestedTransactionIsAnError) {
  auto db = open_or_die(":memory:");
  ASSERT_TRUE(db->execute_script("CREATE TABLE t (x)"));
  Result<void> inner;
  auto outer = db->transaction([&](Session& s) -> Result<void> {
    (void)s.execute("INSERT INTO t (x) VALUES (1)");
    inner = db->transaction([](Session&) -> Result<void> { return {}; });
    return {};
  });
  EXPECT_TRUE(outer);
  ASSERT_FALSE(inner);
  EXPECT_EQ(inner.error().code, ErrorCode::internal);
  EXPECT_NE(inner.error().message.find("nested"), std::string::npos) << inner.error().message;
  EXPECT_EQ(db->query("SELECT COUNT(*) FROM t")->front().int_at(0), 1);
}

TEST(SqliteDatabase, ConcurrentTransactionsAllLand) {
  TempDir tmp;
  auto db = open_or_die((tmp.path() / "c.db").string());
  ASSERT_TRUE(db->execute_script("CREATE TABLE t (thread INTEGER, n INTEGER, PRIMARY KEY (thread, n))"));
  constexpr int kThreads = 4;
  constexpr int kPerThread = 200;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int n = 0; n < kPerThread; ++n) {
        auto r = db->transaction([&](Session& s) -> Result<void> {
          // Read-then-write inside the transaction: interleaving would show up
          // as a wrong count below.
          auto before = s.query("SELECT COUNT(*) FROM t");
          if (!before) return tl::unexpected(before.error());
          const Value p[] = {std::int64_t{t}, std::int64_t{n}};
          if (auto e = s.execute("INSERT INTO t (thread, n) VALUES (?, ?)", p); !e) return tl::unexpected(e.error());
          auto after = s.query("SELECT COUNT(*) FROM t");
          if (!after) return tl::unexpected(after.error());
          if (after->front().int_at(0) != before->front().int_at(0) + 1) {
            return fail(ErrorCode::internal, "another thread's write interleaved");
          }
          return {};
        });
        if (!r) ++failures;
        // Plain statements outside transactions interleave safely too.
        if (n % 50 == 0 && !db->query("SELECT COUNT(*) FROM t")) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(db->query("SELECT COUNT(*) FROM t")->front().int_at(0), kThreads * kPerThread);
}

TEST(SqliteDatabase, SecondConnectionSeesBusyAsUnavailable) {
  TempDir tmp;
  const auto file = (tmp.path() / "busy.db").string();
  auto a = open_or_die(file);
  int retries = 0;
  auto b = open_sqlite({.path = file, .busy_timeout_ms = 50, .on_busy_retry = [&](int, const Error&) { ++retries; }});
  ASSERT_TRUE(b) << b.error().message;
  ASSERT_TRUE(a->execute_script("CREATE TABLE t (x)"));
  Result<void> blocked;
  int runs = 0;
  auto held = a->transaction([&](Session& s) -> Result<void> {
    (void)s.execute("INSERT INTO t VALUES (1)");
    // Not idempotent (the default): one attempt, then unavailable.
    blocked = (*b)->transaction([&](Session&) -> Result<void> {
      ++runs;
      return {};
    });
    return {};
  });
  ASSERT_TRUE(held);
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, ErrorCode::unavailable) << blocked.error().message;
  EXPECT_EQ(runs, 0);  // the write lock is taken before fn runs
  EXPECT_EQ(retries, 0);
}

TEST(SqliteDatabase, IdempotentTransactionRetriesWhenBusy) {
  TempDir tmp;
  const auto file = (tmp.path() / "busy.db").string();
  auto a = open_or_die(file);
  ASSERT_TRUE(a->execute_script("CREATE TABLE t (x TEXT)"));
  Signal a_holds, b_was_busy, a_done;
  std::vector<int> retries;
  // The hook runs between B's busy attempt and its retry: it lets A commit
  // and waits for that, so the retry meets a free database.
  auto b = open_sqlite({.path = file, .busy_timeout_ms = 20, .busy_retries = 3,
                        .on_busy_retry = [&](int attempt, const Error& e) {
                          retries.push_back(attempt);
                          EXPECT_EQ(e.code, ErrorCode::unavailable);
                          b_was_busy.set();
                          a_done.wait();
                        }});
  ASSERT_TRUE(b) << b.error().message;

  std::thread holder([&] {
    auto r = a->transaction([&](Session& s) -> Result<void> {
      if (auto e = s.execute("INSERT INTO t VALUES ('a')"); !e) return tl::unexpected(e.error());
      a_holds.set();
      b_was_busy.wait();
      return {};
    });
    EXPECT_TRUE(r) << r.error().message;
    a_done.set();
  });
  a_holds.wait();
  int runs = 0;
  auto r = (*b)->transaction([&](Session& s) -> Result<void> {
    ++runs;
    if (auto e = s.execute("INSERT INTO t VALUES ('b')"); !e) return tl::unexpected(e.error());
    return {};
  }, Retry::idempotent);
  b_was_busy.set();  // frees A if B never retried (the regression)
  holder.join();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(retries, std::vector<int>{1});
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(count(**b), 2);
}

TEST(SqliteDatabase, IdempotentRetriesAreBoundedThenUnavailable) {
  TempDir tmp;
  const auto file = (tmp.path() / "busy.db").string();
  auto a = open_or_die(file);
  ASSERT_TRUE(a->execute_script("CREATE TABLE t (x)"));
  std::vector<int> retries;
  auto b = open_sqlite({.path = file, .busy_timeout_ms = 10, .busy_retries = 2,
                        .on_busy_retry = [&](int attempt, const Error&) { retries.push_back(attempt); }});
  ASSERT_TRUE(b) << b.error().message;
  Result<void> blocked;
  ASSERT_TRUE(a->transaction([&](Session&) -> Result<void> {
    blocked = (*b)->transaction([](Session&) -> Result<void> { return {}; }, Retry::idempotent);
    return {};
  }));
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, ErrorCode::unavailable) << blocked.error().message;
  EXPECT_EQ(blocked.error().details.value("attempts", 0), 3);
  EXPECT_EQ(retries, (std::vector<int>{1, 2}));
}

TEST(SqliteDatabase, NonBusyFailuresAreNotRetried) {
  int retries = 0;
  auto db = open_sqlite({.path = ":memory:", .on_busy_retry = [&](int, const Error&) { ++retries; }});
  ASSERT_TRUE(db);
  int runs = 0;
  auto r = (*db)->transaction([&](Session&) -> Result<void> {
    ++runs;
    return fail(ErrorCode::conflict, "no");
  }, Retry::idempotent);
  ASSERT_FALSE(r);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(retries, 0);
}

TEST(SqliteDatabase, LongReadDoesNotBlockAWrite) {
  TempDir tmp;
  auto db = open_or_die((tmp.path() / "rw.db").string());
  ASSERT_TRUE(db->execute_script("CREATE TABLE t (x); INSERT INTO t VALUES (1);"));
  Signal reading, written;
  std::int64_t first = -1, second = -1;
  std::thread reader([&] {
    auto r = db->read([&](Session& s) -> Result<void> {
      first = count(s);
      reading.set();
      written.wait();  // the read stays open until the write is acknowledged
      second = count(s);
      return {};
    });
    EXPECT_TRUE(r) << r.error().message;
  });
  reading.wait();
  auto write = std::async(std::launch::async, [&] { return db->execute("INSERT INTO t VALUES (2)"); });
  const bool acknowledged = finished(write);
  written.set();  // releases the reader either way
  reader.join();
  ASSERT_TRUE(acknowledged) << "the write waited for the open read";
  EXPECT_TRUE(write.get());
  EXPECT_EQ(first, 1);
  EXPECT_EQ(second, 1);  // one snapshot for the whole read
  EXPECT_EQ(count(*db), 2);
}

TEST(SqliteDatabase, OpenWriteTransactionDoesNotBlockAQuery) {
  TempDir tmp;
  auto db = open_or_die((tmp.path() / "rw.db").string());
  ASSERT_TRUE(db->execute_script("CREATE TABLE t (x); INSERT INTO t VALUES (1);"));
  Signal inside, queried;
  std::thread writer([&] {
    auto r = db->transaction([&](Session& s) -> Result<void> {
      if (auto e = s.execute("INSERT INTO t VALUES (2)"); !e) return tl::unexpected(e.error());
      EXPECT_EQ(count(s), 2);     // the transaction sees its own write
      EXPECT_EQ(count(*db), 2);   // so does the database's query() on this thread
      inside.set();
      queried.wait();
      return {};
    });
    EXPECT_TRUE(r) << r.error().message;
  });
  inside.wait();
  auto query = std::async(std::launch::async, [&] { return count(*db); });
  const bool answered = finished(query);
  queried.set();
  writer.join();
  ASSERT_TRUE(answered) << "the query waited for the open transaction";
  EXPECT_EQ(query.get(), 1);  // the last commit, not the open transaction
  EXPECT_EQ(count(*db), 2);
}

TEST(SqliteDatabase, ReadsRunConcurrently) {
  TempDir tmp;
  auto db = open_or_die((tmp.path() / "r.db").string());
  ASSERT_TRUE(db->execute_script("CREATE TABLE t (x); INSERT INTO t VALUES (1);"));
  Signal first_open, second_done;
  std::thread first([&] {
    EXPECT_TRUE(db->read([&](Session&) -> Result<void> {
      first_open.set();
      second_done.wait();
      return {};
    }));
  });
  first_open.wait();
  auto second = std::async(std::launch::async, [&] {
    std::int64_t n = -1;
    auto r = db->read([&](Session& s) -> Result<void> {
      n = count(s);
      return {};
    });
    return r ? n : -1;
  });
  const bool answered = finished(second);
  second_done.set();
  first.join();
  ASSERT_TRUE(answered) << "the second read waited for the first";
  EXPECT_EQ(second.get(), 1);
}

TEST(SqliteDatabase, QueriesInsideAReadShareItsSnapshotAndReader) {
  TempDir tmp;
  auto db = open_sqlite({.path = (tmp.path() / "r.db").string(), .max_readers = 1});
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_TRUE((*db)->execute_script("CREATE TABLE t (x); INSERT INTO t VALUES (1);"));
  std::int64_t first = -1, via_db = -1, nested = -1;
  // With one reader, a query or read() through the database inside a read
  // would wait for itself if it took another.
  ASSERT_TRUE((*db)->read([&](Session& s) -> Result<void> {
    first = count(s);  // the snapshot starts with the first read
    EXPECT_TRUE((*db)->execute("INSERT INTO t VALUES (2)"));  // committed after it began...
    via_db = count(**db);
    return (*db)->read([&](Session& inner) -> Result<void> {
      nested = count(inner);
      return {};
    });
  }));
  EXPECT_EQ(first, 1);
  EXPECT_EQ(via_db, 1);  // ...so the read's snapshot does not see it
  EXPECT_EQ(nested, 1);
  EXPECT_EQ(count(**db), 2);
}

TEST(SqliteDatabase, ReadSessionRefusesWrites) {
  TempDir tmp;
  for (const std::string& path : {(tmp.path() / "r.db").string(), std::string(":memory:")}) {
    auto db = open_or_die(path);
    ASSERT_TRUE(db->execute_script("CREATE TABLE t (x)"));
    Result<ExecResult> write;
    Result<void> script;
    ASSERT_TRUE(db->read([&](Session& s) -> Result<void> {
      write = s.execute("INSERT INTO t VALUES (1)");
      script = s.execute_script("INSERT INTO t VALUES (1)");
      return {};
    }));
    EXPECT_FALSE(write) << path;
    EXPECT_FALSE(script) << path;
    EXPECT_EQ(count(*db), 0) << path;
  }
}

TEST(SqliteDatabase, QueryThatWritesGoesToTheWriter) {
  TempDir tmp;
  auto db = open_or_die((tmp.path() / "w.db").string());
  ASSERT_TRUE(db->execute_script("CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT)"));
  const Value p[] = {std::string("a")};
  auto rows = db->query("INSERT INTO t (x) VALUES (?) RETURNING id", p);
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().int_at(0), 1);
  EXPECT_EQ(count(*db), 1);

  // Transaction control belongs to transaction()/read(); the reader is left clean.
  auto begin = db->query("BEGIN");
  EXPECT_FALSE(begin);
  EXPECT_TRUE(db->execute("INSERT INTO t (x) VALUES ('b')"));
  EXPECT_EQ(count(*db), 2);
}

TEST(SqliteDatabase, DataFilesArePrivateWhateverTheUmask) {
  TempDir tmp;
  for (mode_t mask : {mode_t{022}, mode_t{0}}) {
    struct Umask {
      mode_t old;
      ~Umask() { ::umask(old); }
    } restore{::umask(mask)};
    const auto dir = tmp.path() / fmt::format("data-{:o}", mask);
    const auto file = dir / "helmarr.db";
    {
      auto db = open_or_die(file.string());
      ASSERT_TRUE(db->execute_script("CREATE TABLE t (x); INSERT INTO t VALUES (1);"));
      EXPECT_EQ(count(*db), 1);  // a reader maps -shm as well
      for (const char* suffix : {"", "-wal", "-shm"}) {
        const auto p = file.string() + suffix;
        struct stat st {};
        ASSERT_EQ(::stat(p.c_str(), &st), 0) << p;
        EXPECT_EQ(st.st_mode & 0777, 0600u) << p << " under umask " << std::oct << mask;
      }
      struct stat st {};
      ASSERT_EQ(::stat(dir.c_str(), &st), 0);
      EXPECT_EQ(st.st_mode & 0777, 0700u) << dir << " under umask " << std::oct << mask;
    }
  }
}

TEST(SqliteDatabase, ReopenedFileKeepsData) {
  TempDir tmp;
  const auto file = (tmp.path() / "persist.db").string();
  {
    auto db = open_or_die(file);
    ASSERT_TRUE(db->execute_script("CREATE TABLE t (x TEXT)"));
    const Value p[] = {std::string("kept")};
    ASSERT_TRUE(db->execute("INSERT INTO t (x) VALUES (?)", p));
  }
  auto db = open_or_die(file);
  auto rows = db->query("SELECT x FROM t");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().text_at(0), "kept");
}

TEST(Row, AccessorsConvertAndDefault) {
  Row row{{std::monostate{}, std::int64_t{7}, 2.5, std::string("12")}};
  EXPECT_EQ(row.int_at(0), 0);
  EXPECT_EQ(row.real_at(0), 0.0);
  EXPECT_EQ(row.text_at(0), "");
  EXPECT_EQ(row.text_at(1), "7");
  EXPECT_EQ(row.real_at(1), 7.0);
  EXPECT_EQ(row.int_at(2), 2);
  EXPECT_EQ(row.int_at(3), 12);
  EXPECT_THROW((void)row.int_at(4), std::out_of_range);
}

}  // namespace
}  // namespace helmarr::store
