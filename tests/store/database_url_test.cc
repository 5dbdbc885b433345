#include "store/database_url.h"

#include <gtest/gtest.h>

namespace helmarr::store {
namespace {

TEST(DatabaseUrl, AbsentOrSqliteIsTheEmbeddedDefault) {
  auto none = parse_database_url("");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->dialect, Dialect::sqlite);
  EXPECT_TRUE(none->sqlite_path.empty());
  auto file = parse_database_url("sqlite:/var/lib/helmarr/helmarr.db");
  ASSERT_TRUE(file);
  EXPECT_EQ(file->dialect, Dialect::sqlite);
  EXPECT_EQ(file->sqlite_path, "/var/lib/helmarr/helmarr.db");
  EXPECT_EQ(parse_database_url("sqlite:///srv/h.db")->sqlite_path, "/srv/h.db");
  auto empty = parse_database_url("sqlite:");
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message.find("needs a file path"), std::string::npos);
}

TEST(DatabaseUrl, PostgresUrisAndKeywordsGoToLibpqUnchanged) {
  for (const char* url : {"postgres://helmarr:s3cret@db.lan:5432/helmarr", "postgresql://h@localhost/helmarr",
                          "postgres:///helmarr?host=/var/run/postgresql", "host=/var/run/postgresql dbname=helmarr"}) {
    auto u = parse_database_url(url);
    ASSERT_TRUE(u) << url << ": " << u.error().message;
    EXPECT_EQ(u->dialect, Dialect::postgres) << url;
    EXPECT_EQ(u->conninfo, url);
  }
}

TEST(DatabaseUrl, MistakesAreNamedWithoutThePassword) {
  auto no_host = parse_database_url("postgres://admin:hunter2@/helmarr");
  ASSERT_FALSE(no_host);
  EXPECT_NE(no_host.error().message.find("no host"), std::string::npos);
  EXPECT_EQ(no_host.error().message.find("hunter2"), std::string::npos) << no_host.error().message;
  auto unknown = parse_database_url("mysql://root:hunter2@db/x");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message.find("hunter2"), std::string::npos) << unknown.error().message;
}

TEST(DatabaseUrl, RedactionHidesEveryFormOfPassword) {
  EXPECT_EQ(redact_database_url("postgres://helmarr:s3cret@db.lan:5432/helmarr"),
            "postgres://helmarr:***@db.lan:5432/helmarr");
  EXPECT_EQ(redact_database_url("postgres://helmarr@db.lan/helmarr"), "postgres://helmarr@db.lan/helmarr");
  EXPECT_EQ(redact_database_url("postgresql://u:p%40ss@h/db?sslmode=require&password=x"),
            "postgresql://u:***@h/db?sslmode=require&password=***");
  EXPECT_EQ(redact_database_url("host=/run/pg user=h password=s3cret dbname=h"),
            "host=/run/pg user=h password=*** dbname=h");
  EXPECT_EQ(redact_database_url("host=h password='a b c' dbname=h"), "host=h password=*** dbname=h");
  EXPECT_EQ(redact_database_url("sqlite:/x.db"), "sqlite:/x.db");
}

}  // namespace
}  // namespace helmarr::store
