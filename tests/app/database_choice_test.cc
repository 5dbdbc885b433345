// Which database App::create opens: database_url.
#include <gtest/gtest.h>

#include <filesystem>

#include "app/app.h"
#include "support/postgres_server.h"
#include "support/temp_dir.h"

namespace helmarr::app {
namespace {

TEST(DatabaseChoice, SqlitePathPutsTheDatabaseWhereItSays) {
  testing::TempDir dir;
  Config config;
  config.api_key = "database-choice-key-0123456789";
  config.data_dir = (dir.path() / "data").string();
  config.database_url = "sqlite:" + (dir.path() / "elsewhere.db").string();
  auto created = App::create(config);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "elsewhere.db"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "data" / "helmarr.db"));
  EXPECT_EQ(database_path(config), (dir.path() / "elsewhere.db").string());
}

TEST(DatabaseChoice, PostgresHoldsSettingsSecretsAndTheLibrary) {
  testing::TempDir dir;
  Config config;
  config.api_key = "database-choice-key-0123456789";
  config.data_dir = dir.path().string();
  config.database_url = testing::PostgresServer::shared().fresh_database();
  auto created = App::create(config);
  ASSERT_TRUE(created) << created.error().message;
  App& app = **created;
  EXPECT_EQ(app.database().dialect(), store::Dialect::postgres);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "helmarr.db"));
  library::ImportRecord r;
  r.info_hash = *torrent::parse_info_hash_hex("0123456789abcdef0123456789abcdef01234567");
  r.name = "The.Wire.S01E01.720p.HDTV-GRP";
  r.size = 1000;
  ASSERT_TRUE(app.library().upsert(std::vector<library::ImportRecord>{r}));
  auto page = app.library().search({.text = "wire", .season = 1, .episode = 1});
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].name, r.name);
  // The API key's hash lives in the database: a second process on it knows the key.
  auto again = App::create(config);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_FALSE((*again)->generated_api_key());
}

TEST(DatabaseChoice, AnUnreachablePostgresStopsTheStartNamingItWithoutThePassword) {
  testing::TempDir dir;
  Config config;
  config.api_key = "database-choice-key-0123456789";
  config.data_dir = dir.path().string();
  config.database_url = "postgres://helmarr:hunter2@127.0.0.1:1/helmarr";
  auto created = App::create(config);
  ASSERT_FALSE(created);
  EXPECT_NE(created.error().message.find("postgres://helmarr:***@127.0.0.1:1/helmarr"), std::string::npos)
      << created.error().message;
  EXPECT_EQ(created.error().message.find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace helmarr::app
