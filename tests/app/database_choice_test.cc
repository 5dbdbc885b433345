// Which database App::create opens: database_url.
#include <gtest/gtest.h>

#include <filesystem>

#include "app/app.h"
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

TEST(DatabaseChoice, PostgresIsRefusedWithTheReasonUntilTheLibraryRunsOnIt) {
  testing::TempDir dir;
  Config config;
  config.api_key = "database-choice-key-0123456789";
  config.data_dir = dir.path().string();
  config.database_url = "postgres://helmarr:hunter2@db.lan/helmarr";
  auto created = App::create(config);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, ErrorCode::invalid_request);  // exit 2: configuration
  EXPECT_NE(created.error().message.find("postgres://helmarr:***@db.lan/helmarr"), std::string::npos)
      << created.error().message;
  EXPECT_NE(created.error().message.find("torrent library does not run on it yet"), std::string::npos);
  EXPECT_EQ(created.error().message.find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace helmarr::app
