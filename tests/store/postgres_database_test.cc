// store::Database on a real PostgreSQL server (support/postgres_server.h).
#include <gtest/gtest.h>

#include <thread>

#include "store/migrations.h"
#include "store/postgres/connection.h"
#include "support/gate.h"
#include "support/postgres_server.h"

namespace helmarr::store {
namespace {

using testing::fresh_postgres;

std::int64_t count(Session& s, const std::string& table) {
  auto rows = s.query("SELECT count(*) FROM " + table);
  EXPECT_TRUE(rows) << (rows ? "" : rows.error().message);
  return rows && !rows->empty() ? rows->front().int_at(0) : -1;
}

TEST(PostgresPlaceholders, QuestionMarksOutsideQuotesAndCommentsAreNumbered) {
  EXPECT_EQ(postgres::numbered_placeholders("SELECT ? , ?"), "SELECT $1 , $2");
  EXPECT_EQ(postgres::numbered_placeholders("SELECT '?', \"a?\", ? -- why?\n, ? /* ? */"),
            "SELECT '?', \"a?\", $1 -- why?\n, $2 /* ? */");
  EXPECT_EQ(postgres::numbered_placeholders("SELECT 'it''s ?', ?"), "SELECT 'it''s ?', $1");
}

TEST(PostgresDatabase, ValuesRoundTripWithTheirTypes) {
  auto db = fresh_postgres();
  ASSERT_TRUE(db->execute_script("CREATE TABLE v (i BIGINT, d DOUBLE PRECISION, t TEXT, b BYTEA, n TEXT, f BOOLEAN)"));
  const std::string bytes("\x00\xff\x01\x80 \\x", 7);
  const std::vector<Value> p{std::int64_t{-9007199254740993}, 0.1, std::string("héllo ' \" ?"), Blob{bytes},
                             std::monostate{}};
  auto inserted = db->execute("INSERT INTO v VALUES (?, ?, ?, ?, ?, true)", p);
  ASSERT_TRUE(inserted) << inserted.error().message;
  EXPECT_EQ(inserted->changes, 1);
  auto rows = db->query("SELECT i, d, t, b, n, f FROM v WHERE t = ? AND b = ?",
                        std::vector<Value>{std::string("héllo ' \" ?"), Blob{bytes}});
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 1u);
  const Row& r = rows->front();
  EXPECT_EQ(r.int_at(0), -9007199254740993);
  EXPECT_DOUBLE_EQ(r.real_at(1), 0.1);
  EXPECT_EQ(r.text_at(2), "héllo ' \" ?");
  ASSERT_TRUE(std::holds_alternative<Blob>(r.values[3]));
  EXPECT_EQ(std::get<Blob>(r.values[3]).bytes, bytes);
  EXPECT_TRUE(r.is_null(4));
  EXPECT_EQ(r.int_at(5), 1);
  EXPECT_EQ(db->dialect(), Dialect::postgres);
}

TEST(PostgresDatabase, ATransactionCommitsWholeOrNotAtAll) {
  auto db = fresh_postgres();
  ASSERT_TRUE(db->execute_script("CREATE TABLE t (k TEXT PRIMARY KEY)"));
  auto ok = db->transaction([](Session& s) -> Result<void> {
    if (auto a = s.execute("INSERT INTO t VALUES (?)", std::vector<Value>{std::string("a")}); !a) {
      return tl::unexpected(a.error());
    }
    if (auto b = s.execute("INSERT INTO t VALUES (?)", std::vector<Value>{std::string("b")}); !b) {
      return tl::unexpected(b.error());
    }
    return {};
  });
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(count(*db, "t"), 2);
  auto failed = db->transaction([](Session& s) -> Result<void> {
    if (auto c = s.execute("INSERT INTO t VALUES (?)", std::vector<Value>{std::string("c")}); !c) {
      return tl::unexpected(c.error());
    }
    auto dup = s.execute("INSERT INTO t VALUES (?)", std::vector<Value>{std::string("a")});
    if (!dup) return tl::unexpected(dup.error());
    return {};
  });
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::conflict);
  EXPECT_EQ(postgres::sqlstate(failed.error()), "23505");
  EXPECT_EQ(count(*db, "t"), 2);  // "c" rolled back with the failure
  // The connection that held the failed transaction is usable again.
  for (int i = 0; i < 10; ++i) EXPECT_EQ(count(*db, "t"), 2);
}

TEST(PostgresDatabase, TheTransactionsOwnThreadSeesItsChangesOthersSeeTheCommit) {
  auto db = fresh_postgres();
  ASSERT_TRUE(db->execute_script("CREATE TABLE t (k TEXT)"));
  std::int64_t inside = -1, other_thread = -1;
  auto ok = db->transaction([&](Session& s) -> Result<void> {
    if (auto a = s.execute("INSERT INTO t VALUES ('x')"); !a) return tl::unexpected(a.error());
    inside = count(*db, "t");  // the database itself, on this thread: the transaction's connection
    std::thread([&] { other_thread = count(*db, "t"); }).join();
    return {};
  });
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(inside, 1);
  EXPECT_EQ(other_thread, 0);
  EXPECT_EQ(count(*db, "t"), 1);
  auto nested = db->transaction([&](Session&) -> Result<void> {
    return db->transaction([](Session&) -> Result<void> { return {}; });
  });
  ASSERT_FALSE(nested);
  EXPECT_NE(nested.error().message.find("already inside"), std::string::npos);
}

TEST(PostgresDatabase, AReadSeesOneSnapshotWhileWritersCommit) {
  auto db = fresh_postgres();
  ASSERT_TRUE(db->execute_script("CREATE TABLE t (k INT)"));
  ASSERT_TRUE(db->execute("INSERT INTO t VALUES (1)"));
  testing::Gate first_read, written;
  std::thread writer([&] {
    first_read.wait();
    EXPECT_TRUE(db->execute("INSERT INTO t VALUES (2)"));
    written.open();
  });
  std::int64_t before = -1, after = -1;
  auto read = db->read([&](Session& s) -> Result<void> {
    before = count(s, "t");
    first_read.open();
    written.wait();
    after = count(s, "t");
    auto write = s.execute("INSERT INTO t VALUES (3)");
    EXPECT_FALSE(write);  // a read refuses writes
    return {};
  });
  writer.join();
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(before, 1);
  EXPECT_EQ(after, 1);  // the same snapshot, though the writer committed
  EXPECT_EQ(count(*db, "t"), 2);
}

TEST(PostgresDatabase, MigrationsRunOnceWhenProcessesStartTogether) {
  const std::string conninfo = testing::PostgresServer::shared().fresh_database();
  constexpr int kStarters = 4;
  std::vector<Result<int>> versions(kStarters, 0);
  std::vector<std::thread> starters;
  testing::Gate go;
  for (int i = 0; i < kStarters; ++i) {
    starters.emplace_back([&, i] {
      auto db = open_postgres({.conninfo = conninfo, .pool_size = 2});
      ASSERT_TRUE(db) << db.error().message;
      go.wait();
      versions[static_cast<std::size_t>(i)] = migrate(**db);
    });
  }
  go.open();
  for (auto& t : starters) t.join();
  const auto known = schema_migrations(Dialect::postgres).back().version;
  for (const auto& v : versions) {
    ASSERT_TRUE(v) << v.error().message;
    EXPECT_EQ(*v, known);
  }
  auto db = open_postgres({.conninfo = conninfo});
  ASSERT_TRUE(db);
  EXPECT_EQ(count(**db, "schema_migrations"), static_cast<std::int64_t>(schema_migrations(Dialect::postgres).size()));
  auto version = schema_version(**db);
  ASSERT_TRUE(version);
  EXPECT_EQ(*version, known);
}

TEST(PostgresDatabase, ErrorsNameTheServerNeverThePassword) {
  auto refused = open_postgres({.conninfo = "postgres://helmarr:hunter2@127.0.0.1:1/helmarr", .connect_timeout_s = 2});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::unavailable);
  EXPECT_NE(refused.error().message.find("postgres://helmarr:***@127.0.0.1:1/helmarr"), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(refused.error().message.find("hunter2"), std::string::npos) << refused.error().message;
  auto db = fresh_postgres();
  auto bad = db->query("SELEC 1");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("syntax error"), std::string::npos) << bad.error().message;
  EXPECT_EQ(postgres::sqlstate(bad.error()), "42601");
}

TEST(PostgresDatabase, EveryStatementIsBoundedInTime) {
  auto db = fresh_postgres({.statement_timeout_ms = 200});
  auto slow = db->query("SELECT pg_sleep(5)");
  ASSERT_FALSE(slow);
  EXPECT_EQ(slow.error().code, ErrorCode::unavailable);
  EXPECT_EQ(postgres::sqlstate(slow.error()), "57014");
  auto fine = db->query("SELECT 1");
  EXPECT_TRUE(fine) << (fine ? "" : fine.error().message);
}

}  // namespace
}  // namespace helmarr::store
