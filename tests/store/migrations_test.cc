#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

#include "core/crypto.h"
#include "support/temp_dir.h"
#include "store/migrations.h"

namespace helmarr::store {
namespace {

namespace fs = std::filesystem;

using helmarr::testing::TempDir;

std::unique_ptr<Database> open_memory() {
  auto db = open_sqlite({.path = ":memory:"});
  if (!db) throw std::runtime_error(db.error().message);
  return std::move(*db);
}

std::vector<std::string> tables(Database& db) {
  std::vector<std::string> out;
  auto rows = db.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  for (const auto& r : *rows) out.push_back(r.text_at(0));
  return out;
}

const std::vector<Migration> kThree = {
    {1, "one", "CREATE TABLE a (x INTEGER);"},
    {2, "two", "CREATE TABLE b (y TEXT); INSERT INTO a (x) VALUES (1);"},
    {3, "three", "CREATE INDEX b_y ON b (y);"},
};

TEST(Migrations, FreshDatabaseAppliesAllAndRecordsVersions) {
  auto db = open_memory();
  EXPECT_EQ(schema_version(*db).value(), 0);
  auto v = migrate(*db, kThree);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(*v, 3);
  EXPECT_EQ(schema_version(*db).value(), 3);

  auto rows = db->query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].int_at(0), 1);
  EXPECT_EQ((*rows)[1].text_at(1), "two");
  EXPECT_EQ((*rows)[2].text_at(2).size(), std::string("2026-04-27T14:30:00.000Z").size());
  EXPECT_EQ(tables(*db), (std::vector<std::string>{"a", "b", "schema_migrations"}));
}

TEST(Migrations, SecondRunIsANoOp) {
  auto db = open_memory();
  ASSERT_TRUE(migrate(*db, kThree));
  auto again = migrate(*db, kThree);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, 3);
  EXPECT_EQ(db->query("SELECT COUNT(*) FROM a")->front().int_at(0), 1);  // migration 2 ran once
  EXPECT_EQ(db->query("SELECT COUNT(*) FROM schema_migrations")->front().int_at(0), 3);
}

TEST(Migrations, AppliesOnlyPendingOnes) {
  auto db = open_memory();
  ASSERT_EQ(migrate(*db, std::span(kThree).first(1)).value(), 1);
  EXPECT_EQ(schema_version(*db).value(), 1);
  ASSERT_EQ(migrate(*db, kThree).value(), 3);
  EXPECT_EQ(db->query("SELECT COUNT(*) FROM schema_migrations")->front().int_at(0), 3);
}

TEST(Migrations, FailureLeavesDatabaseUnchanged) {
  TempDir tmp;
  const auto file = (tmp.path() / "m.db").string();
  auto opened = open_sqlite({.path = file});
  ASSERT_TRUE(opened);
  auto& db = **opened;
  const std::vector<Migration> broken = {
      {1, "one", "CREATE TABLE a (x INTEGER); INSERT INTO a VALUES (1);"},
      {2, "widgets", "CREATE TABLE b (y TEXT); CREATE TABEL oops (z);"},
  };
  auto v = migrate(db, broken);
  ASSERT_FALSE(v);
  EXPECT_NE(v.error().message.find("migration 2 (widgets) failed: "), std::string::npos) << v.error().message;
  EXPECT_NE(v.error().message.find("syntax error"), std::string::npos) << v.error().message;
  EXPECT_TRUE(tables(db).empty()) << "tables left behind: " << ::testing::PrintToString(tables(db));
  EXPECT_EQ(schema_version(db).value(), 0);

  // Fixing the list lets it apply cleanly afterwards.
  ASSERT_EQ(migrate(db, kThree).value(), 3);
}

TEST(Migrations, FailureOfLaterMigrationKeepsEarlierApplied) {
  auto db = open_memory();
  ASSERT_TRUE(migrate(*db, std::span(kThree).first(1)));
  const std::vector<Migration> broken = {kThree[0], {2, "bad", "INSERT INTO nowhere VALUES (1);"}};
  auto v = migrate(*db, broken);
  ASSERT_FALSE(v);
  EXPECT_NE(v.error().message.find("migration 2 (bad) failed: no such table: nowhere"), std::string::npos)
      << v.error().message;
  EXPECT_EQ(schema_version(*db).value(), 1);
}

TEST(Migrations, NewerDatabaseIsRefused) {
  auto db = open_memory();
  std::vector<Migration> seven;
  for (int i = 1; i <= 7; ++i) seven.push_back({i, "m" + std::to_string(i), "SELECT 1;"});
  ASSERT_EQ(migrate(*db, seven).value(), 7);
  auto v = migrate(*db, kThree);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().message,
            "database schema version 7 is newer than this Helmarr (knows up to 3); upgrade Helmarr");
  EXPECT_EQ(schema_version(*db).value(), 7);
}

TEST(Migrations, UnorderedListIsAProgrammingError) {
  auto db = open_memory();
  const std::vector<Migration> duplicate = {{1, "a", "SELECT 1;"}, {1, "b", "SELECT 1;"}};
  auto v = migrate(*db, duplicate);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, ErrorCode::internal);
  const std::vector<Migration> backwards = {{2, "a", "SELECT 1;"}, {1, "b", "SELECT 1;"}};
  EXPECT_FALSE(migrate(*db, backwards));
  const std::vector<Migration> zero = {{0, "a", "SELECT 1;"}};
  EXPECT_FALSE(migrate(*db, zero));
  EXPECT_EQ(schema_version(*db).value(), 0);
  EXPECT_TRUE(tables(*db).empty());
}

TEST(Migrations, HelmarrSchemaApplies) {
  auto db = open_memory();
  const auto list = schema_migrations(Dialect::sqlite);
  ASSERT_FALSE(list.empty());
  EXPECT_EQ(list.front().version, 1);
  EXPECT_EQ(list.front().name, "foundation");
  auto v = migrate(*db, list);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(*v, list.back().version);
  EXPECT_EQ(tables(*db),
            (std::vector<std::string>{"job_leases", "schema_migrations", "secrets", "settings_audit", "settings_overrides"}));
  // The audit action is constrained.
  auto bad = db->execute(
      "INSERT INTO settings_audit (key, action, changed_by, changed_at) VALUES ('k', 'nope', 'me', 'now')");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::conflict);
}

// A database that applied a migration never sees its text again, so an edit
// to a shipped one would silently split the installed base in two. Append a
// new migration instead; add its digest here when it ships.
TEST(Migrations, ShippedMigrationsAreUnchanged) {
  const std::pair<int, const char*> shipped[] = {
      {1, "90b7998795a48fe9c019f1ae48fefbc14aa6610ebd9fcf2061776aaf3b02e28d"},
  };
  const auto list = schema_migrations(Dialect::sqlite);
  ASSERT_GE(list.size(), std::size(shipped));
  for (std::size_t i = 0; i < std::size(shipped); ++i) {
    EXPECT_EQ(list[i].version, shipped[i].first);
    EXPECT_EQ(sha256_hex(list[i].sql), shipped[i].second) << "migration " << list[i].version << " was edited";
  }
}

TEST(Migrations, MigrateUsesTheDatabasesDialectAndTheInjectedClock) {
  auto db = open_memory();
  EXPECT_EQ(db->dialect(), Dialect::sqlite);
  EXPECT_EQ(db->engine(), "sqlite");
  ManualClock clock;
  auto v = migrate(*db, clock);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(*v, schema_migrations(Dialect::sqlite).back().version);
  auto at = db->query("SELECT applied_at FROM schema_migrations WHERE version = 1");
  ASSERT_TRUE(at && !at->empty());
  EXPECT_EQ(at->front().text_at(0), iso8601(clock.wall()));
}

TEST(ModuleMigrations, EachModuleCountsItsOwnVersions) {
  auto db = open_memory();
  ASSERT_TRUE(migrate(*db));  // Helmarr's own schema first, as App does
  const std::vector<Migration> library = {{1, "torrents", "CREATE TABLE lib_torrents (id INTEGER);"},
                                          {2, "index", "CREATE INDEX lib_torrents_id ON lib_torrents (id);"}};
  const std::vector<Migration> audit = {{1, "runs", "CREATE TABLE audit_runs (id INTEGER);"}};
  auto lib = migrate_module(*db, "library", library);
  ASSERT_TRUE(lib) << lib.error().message;
  EXPECT_EQ(*lib, 2);
  auto aud = migrate_module(*db, "audit", audit);
  ASSERT_TRUE(aud) << aud.error().message;
  EXPECT_EQ(*aud, 1);  // its own version 1, though library is at 2
  // Helmarr's schema version is untouched by modules.
  EXPECT_EQ(*schema_version(*db), static_cast<int>(schema_migrations(db->dialect()).back().version));
  // Running again applies nothing; a new library migration applies alone.
  EXPECT_EQ(*migrate_module(*db, "library", library), 2);
  auto more = library;
  more.push_back({3, "column", "ALTER TABLE lib_torrents ADD COLUMN name TEXT;"});
  EXPECT_EQ(*migrate_module(*db, "library", more), 3);
  auto rows = db->query("SELECT module, version FROM module_migrations ORDER BY module, version");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0].text_at(0), "audit");
  EXPECT_EQ((*rows)[3].int_at(1), 3);
}

TEST(ModuleMigrations, AFailingModuleMigrationChangesNothing) {
  auto db = open_memory();
  const std::vector<Migration> bad = {{1, "ok", "CREATE TABLE m_ok (x INTEGER);"},
                                      {2, "bad", "CREATE TABLE m_ok (x INTEGER);"}};  // exists already
  auto r = migrate_module(*db, "m", bad);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("migration 2 (bad) failed"), std::string::npos) << r.error().message;
  for (const auto& t : tables(*db)) EXPECT_NE(t, "m_ok");
}

TEST(ModuleMigrations, ANewerModuleSchemaIsRefused) {
  auto db = open_memory();
  const std::vector<Migration> two = {{1, "a", "CREATE TABLE n_a (x INTEGER);"}, {2, "b", "CREATE TABLE n_b (x INTEGER);"}};
  ASSERT_TRUE(migrate_module(*db, "n", two));
  auto r = migrate_module(*db, "n", std::span(two).first(1));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("of module n is newer"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace helmarr::store
