// `helmarr db copy`: a served SQLite database copied into PostgreSQL is the
// same Helmarr there: settings, their audit, the API key, the library.
#include "app/db_command.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "support/postgres_server.h"
#include "support/temp_dir.h"

namespace helmarr::app {
namespace {

// What a command printed to a FILE*.
struct Captured {
  std::FILE* f = std::tmpfile();
  ~Captured() { std::fclose(f); }
  std::string text() const {
    std::rewind(f);
    std::string out;
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, f)) out.append(buf, n);
    return out;
  }
};

std::vector<std::string> tables_of(store::Database& db) {
  auto rows = db.query(db.dialect() == store::Dialect::sqlite
                           ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                             "AND name NOT LIKE 'torrents_fts%'"
                           : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()");
  std::vector<std::string> out;
  if (rows) {
    for (const auto& r : *rows) out.push_back(r.text_at(0));
  }
  std::sort(out.begin(), out.end());
  return out;
}

Config config_for(const std::string& dir, const std::string& url) {
  Config c;
  c.data_dir = dir;
  c.database_url = url;
  return c;
}

TEST(DbCopy, AServedSqliteDatabaseBecomesTheSameHelmarrOnPostgres) {
  testing::TempDir dir;
  const std::string sqlite_url = "sqlite:" + (dir.path() / "helmarr.db").string();
  std::string key;
  {
    auto app = App::create(config_for((dir.path() / "a").string(), sqlite_url));
    ASSERT_TRUE(app) << app.error().message;
    key = *(*app)->generated_api_key();
    ASSERT_TRUE((*app)->settings().set_override("request_timeout_seconds", 45, "test"));
    ASSERT_TRUE((*app)->settings().set_override("request_timeout_seconds", 46, "test"));
    library::ImportRecord r;
    r.info_hash = *torrent::parse_info_hash_hex("00112233445566778899aabbccddeeff00112233");
    r.name = "Severance.S02E03.1080p.WEB-DL-GRP";
    r.size = 7;
    ASSERT_TRUE((*app)->library().upsert(std::vector<library::ImportRecord>{r}));
  }
  const std::string pg_url = testing::PostgresServer::shared().fresh_database();
  Captured out, err;
  ASSERT_EQ(run_db_copy({.from = sqlite_url, .to = pg_url, .batch = 1, .progress = false, .json = true}, out.f, err.f),
            0)
      << err.text();
  const auto summary = nlohmann::json::parse(out.text());
  EXPECT_TRUE(summary["verified"].get<bool>());
  EXPECT_EQ(summary["rows"]["settings_audit"], 2);
  EXPECT_EQ(summary["rows"]["torrents"], 1);
  EXPECT_EQ(summary["torrents"]["copied"], 1);

  auto app = App::create(config_for((dir.path() / "b").string(), pg_url));
  ASSERT_TRUE(app) << app.error().message;
  EXPECT_FALSE((*app)->generated_api_key()) << "the key came across";
  EXPECT_TRUE((*app)->api_keys().verify(key));
  EXPECT_EQ((*app)->settings().get_int("request_timeout_seconds"), 46);
  auto audit = (*app)->settings().audit(10);
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->size(), 2u);
  // New audit rows take ids after the copied ones.
  ASSERT_TRUE((*app)->settings().set_override("request_timeout_seconds", 47, "test"));
  EXPECT_EQ((*app)->settings().audit(10)->size(), 3u);
  auto page = (*app)->library().search({.text = "severance"});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->items.size(), 1u);

  // Run again once the target has moved on: the counts differ and it says so.
  Captured again_out, again_err;
  EXPECT_EQ(run_db_copy({.from = sqlite_url, .to = pg_url, .progress = false}, again_out.f, again_err.f), 1)
      << "the target now has an audit row the source lacks: the counts differ and the command says so";
  EXPECT_NE(again_err.text().find("settings_audit: 2 rows in --from, 3 in --to"), std::string::npos)
      << again_err.text();
}

TEST(DbCopy, EveryTableIsCopiedOrLeftOnPurpose) {
  std::vector<std::string> known;
  for (auto t : copied_tables()) known.emplace_back(t);
  for (auto t : uncopied_tables()) known.emplace_back(t);
  std::sort(known.begin(), known.end());
  testing::TempDir dir;
  for (const std::string& url : {"sqlite:" + (dir.path() / "h.db").string(),
                                testing::PostgresServer::shared().fresh_database()}) {
    auto app = App::create(config_for(dir.path().string(), url));
    ASSERT_TRUE(app) << app.error().message;
    for (const auto& t : tables_of((*app)->database())) {
      EXPECT_TRUE(std::binary_search(known.begin(), known.end(), t))
          << "table " << t << " (" << (*app)->database().engine() << ") is neither copied nor left on purpose: "
          << "add it to db_command.cc";
    }
  }
}

TEST(DbCopy, BadArgumentsAreNamed) {
  testing::TempDir dir;
  Captured out, err;
  const std::string missing = "sqlite:" + (dir.path() / "none.db").string();
  EXPECT_EQ(run_db_copy({.from = missing, .to = "postgres://u:pw@127.0.0.1:1/x"}, out.f, err.f), 2);
  EXPECT_NE(err.text().find("no database at"), std::string::npos) << err.text();
  EXPECT_EQ(run_db_copy({.from = missing, .to = missing}, out.f, err.f), 2);
  EXPECT_NE(err.text().find("the same database"), std::string::npos) << err.text();
  const std::string real = "sqlite:" + (dir.path() / "real.db").string();
  ASSERT_TRUE(App::create(config_for(dir.path().string(), real)));
  EXPECT_EQ(run_db_copy({.from = real, .to = "postgres://u:hunter2@127.0.0.1:1/x"}, out.f, err.f), 1);
  EXPECT_EQ(err.text().find("hunter2"), std::string::npos) << "the password is never shown";
  EXPECT_NE(err.text().find("--to: cannot connect"), std::string::npos) << err.text();
}

}  // namespace
}  // namespace helmarr::app
