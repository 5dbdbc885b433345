#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

#include "support/postgres_server.h"
#include "support/temp_dir.h"
#include "store/migrations.h"
#include "store/secret_repository.h"
#include "store/settings_repository.h"

namespace helmarr::store {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using helmarr::testing::TempDir;

std::unique_ptr<Database> migrated(std::unique_ptr<Database> db) {
  auto v = migrate(*db);
  if (!v) throw std::runtime_error(v.error().message);
  return db;
}

std::unique_ptr<Database> open_migrated(const std::string& path) {
  auto db = open_sqlite({.path = path});
  if (!db) throw std::runtime_error(db.error().message);
  return migrated(std::move(*db));
}

// Repositories take their time from the test's clock (2026-01-01 at the
// start), and run on each engine.
class SettingsRepositoryTest : public ::testing::TestWithParam<Dialect> {
 protected:
  std::unique_ptr<Database> open_migrated() {
    return GetParam() == Dialect::postgres ? migrated(testing::fresh_postgres()) : store::open_migrated(":memory:");
  }
  ManualClock clock;
};
INSTANTIATE_TEST_SUITE_P(Engines, SettingsRepositoryTest, ::testing::Values(Dialect::sqlite, Dialect::postgres),
                         [](const auto& info) { return std::string(dialect_name(info.param)); });

class SettingsRepositoryFileTest : public ::testing::Test {
 protected:
  ManualClock clock;
};

SettingAuditRow by(const std::string& who, json old_value, json new_value, const std::string& at = "") {
  SettingAuditRow row;
  row.changed_by = who;
  row.old_value = std::move(old_value);
  row.new_value = std::move(new_value);
  row.changed_at = at;
  return row;
}

TEST_P(SettingsRepositoryTest, RoundTrip) {
  auto db = open_migrated();
  auto repo = make_settings_repository(*db, clock);
  EXPECT_TRUE(repo->load_overrides().value().empty());

  ASSERT_TRUE(repo->set_override("log_level", "debug", by("admin", nullptr, "debug", "2026-01-01T00:00:00.000Z")));
  ASSERT_TRUE(repo->set_override("limits", json{{"rps", 10}, {"burst", 2.5}}, by("admin", nullptr, json::object())));
  ASSERT_TRUE(repo->set_override("log_level", "trace", by("ops", "debug", "trace", "2026-01-02T00:00:00.000Z")));

  auto overrides = repo->load_overrides();
  ASSERT_TRUE(overrides) << overrides.error().message;
  ASSERT_EQ(overrides->size(), 2u);
  EXPECT_EQ((*overrides)[0].first, "limits");
  EXPECT_EQ((*overrides)[0].second, (json{{"rps", 10}, {"burst", 2.5}}));
  EXPECT_EQ((*overrides)[1].first, "log_level");
  EXPECT_EQ((*overrides)[1].second, "trace");

  auto updated = db->query("SELECT updated_at FROM settings_overrides WHERE key = 'log_level'");
  EXPECT_EQ(updated->front().text_at(0), "2026-01-02T00:00:00.000Z");

  ASSERT_TRUE(repo->remove_override("log_level", by("ops", "trace", nullptr)));
  overrides = repo->load_overrides();
  ASSERT_EQ(overrides->size(), 1u);
  EXPECT_EQ(overrides->front().first, "limits");

  // Removing something absent still records the attempt.
  ASSERT_TRUE(repo->remove_override("never_set", by("ops", nullptr, nullptr)));

  auto audit = repo->audit(10);
  ASSERT_TRUE(audit) << audit.error().message;
  ASSERT_EQ(audit->size(), 5u);
  EXPECT_EQ((*audit)[0].key, "never_set");
  EXPECT_EQ((*audit)[0].action, "override_removed");
  EXPECT_TRUE((*audit)[0].old_value.is_null());
  EXPECT_TRUE((*audit)[0].new_value.is_null());

  EXPECT_EQ((*audit)[1].key, "log_level");
  EXPECT_EQ((*audit)[1].action, "override_removed");
  EXPECT_EQ((*audit)[1].old_value, "trace");
  EXPECT_TRUE((*audit)[1].new_value.is_null());
  EXPECT_EQ((*audit)[1].changed_by, "ops");
  EXPECT_FALSE((*audit)[1].changed_at.empty());  // filled in when the caller left it empty

  EXPECT_EQ((*audit)[2].action, "override_set");
  EXPECT_EQ((*audit)[2].old_value, "debug");
  EXPECT_EQ((*audit)[2].new_value, "trace");
  EXPECT_EQ((*audit)[2].changed_at, "2026-01-02T00:00:00.000Z");

  EXPECT_EQ((*audit)[3].key, "limits");
  EXPECT_EQ((*audit)[3].new_value, json::object());
  EXPECT_EQ((*audit)[4].key, "log_level");
  EXPECT_EQ((*audit)[4].changed_by, "admin");
  EXPECT_TRUE((*audit)[4].old_value.is_null());

  auto limited = repo->audit(2);
  ASSERT_TRUE(limited);
  ASSERT_EQ(limited->size(), 2u);
  EXPECT_EQ((*limited)[0].key, "never_set");
  EXPECT_EQ((*limited)[1].action, "override_removed");
  EXPECT_TRUE(repo->audit(0).value().empty());
}

TEST_P(SettingsRepositoryTest, ValueTypesRoundTrip) {
  auto db = open_migrated();
  auto repo = make_settings_repository(*db, clock);
  const json values[] = {true, 0, -5, 1.5, "Zoë 東京", json::array({1, "two", nullptr}), json{{"nested", {{"a", 1}}}}};
  for (std::size_t i = 0; i < std::size(values); ++i) {
    ASSERT_TRUE(repo->set_override("k" + std::to_string(i), values[i], by("t", nullptr, values[i])));
  }
  auto loaded = repo->load_overrides().value();
  ASSERT_EQ(loaded.size(), std::size(values));
  for (std::size_t i = 0; i < std::size(values); ++i) EXPECT_EQ(loaded[i].second, values[i]) << i;
}

TEST_P(SettingsRepositoryTest, CorruptRowIsSkipped) {
  auto db = open_migrated();
  auto repo = make_settings_repository(*db, clock);
  ASSERT_TRUE(repo->set_override("good", 1, by("t", nullptr, 1)));
  ASSERT_TRUE(db->execute("INSERT INTO settings_overrides (key, value, updated_at) VALUES ('bad', '{nope', 'x')"));
  auto loaded = repo->load_overrides();
  ASSERT_TRUE(loaded);
  ASSERT_EQ(loaded->size(), 1u);
  EXPECT_EQ(loaded->front().first, "good");
}

TEST_P(SettingsRepositoryTest, FailedAuditRollsBackTheOverride) {
  auto db = open_migrated();
  auto repo = make_settings_repository(*db, clock);
  // Make the audit insert fail; the override must not be written either.
  ASSERT_TRUE(db->execute_script(
      GetParam() == Dialect::postgres
          ? "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$;"
            "CREATE TRIGGER no_audit BEFORE INSERT ON settings_audit FOR EACH ROW EXECUTE FUNCTION refuse();"
          : "CREATE TRIGGER no_audit BEFORE INSERT ON settings_audit BEGIN SELECT RAISE(ABORT, 'audit refused'); END;"));
  auto r = repo->set_override("k", 1, by("t", nullptr, 1));
  ASSERT_FALSE(r);
  EXPECT_TRUE(repo->load_overrides().value().empty());
}

TEST_F(SettingsRepositoryFileTest, PersistsAcrossReopen) {
  TempDir tmp;
  const auto file = (tmp.path() / "settings.db").string();
  {
    auto db = open_migrated(file);
    auto repo = make_settings_repository(*db, clock);
    ASSERT_TRUE(repo->set_override("log_level", "warn", by("admin", nullptr, "warn")));
    auto secrets = make_secret_repository(*db, clock);
    ASSERT_TRUE(secrets->put("api_key_hash", "abc123"));
  }
  auto db = open_migrated(file);
  EXPECT_EQ(schema_version(*db).value(), schema_migrations(Dialect::sqlite).back().version);
  auto repo = make_settings_repository(*db, clock);
  auto loaded = repo->load_overrides().value();
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded.front().second, "warn");
  EXPECT_EQ(repo->audit(10).value().size(), 1u);
  EXPECT_EQ(make_secret_repository(*db, clock)->get("api_key_hash").value(), std::optional<std::string>("abc123"));
}

TEST_P(SettingsRepositoryTest, SecretsRoundTrip) {
  auto db = open_migrated();
  auto secrets = make_secret_repository(*db, clock);
  auto missing = secrets->get("api_key_hash");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->has_value());

  ASSERT_TRUE(secrets->put("api_key_hash", "first"));
  EXPECT_EQ(secrets->get("api_key_hash").value(), std::optional<std::string>("first"));
  ASSERT_TRUE(secrets->put("api_key_hash", "second"));
  EXPECT_EQ(secrets->get("api_key_hash").value(), std::optional<std::string>("second"));
  ASSERT_TRUE(secrets->put("other", ""));
  EXPECT_EQ(secrets->get("other").value(), std::optional<std::string>(""));

  auto rows = db->query("SELECT COUNT(*), MIN(updated_at) FROM secrets");
  EXPECT_EQ(rows->front().int_at(0), 2);
  const std::string at = rows->front().text_at(1);
  ASSERT_EQ(at.size(), 24u) << at;  // 2026-04-27T14:30:00.000Z
  EXPECT_EQ(at.back(), 'Z');
}

TEST_P(SettingsRepositoryTest, PruneAuditRemovesRowsOlderThanTheAgeAndKeepsTheRest) {
  using namespace std::chrono_literals;
  auto db = open_migrated();
  auto repo = make_settings_repository(*db, clock);
  // Audit rows stamped by the repository's clock, ten days apart.
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(repo->set_override("k", i, by("t", nullptr, i)));
    clock.advance(24h * 10);
  }
  // Now is day 50; rows are from days 0, 10, 20, 30, 40.
  auto none = repo->prune_audit(24h * 60);
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_EQ(*none, 0);
  EXPECT_EQ(repo->audit(10).value().size(), 5u);

  auto pruned = repo->prune_audit(24h * 25);  // before day 25: days 0, 10, 20
  ASSERT_TRUE(pruned) << pruned.error().message;
  EXPECT_EQ(*pruned, 3);
  const auto kept = repo->audit(10).value();
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].new_value, 4);
  EXPECT_EQ(kept[1].new_value, 3);
  // The overrides themselves are not audit: they stay.
  EXPECT_EQ(repo->load_overrides().value().size(), 1u);

  // A row exactly at the cut-off is kept.
  EXPECT_EQ(repo->prune_audit(24h * 20).value(), 0);
  EXPECT_EQ(repo->prune_audit(24h * 20 - 1s).value(), 1);
}

}  // namespace
}  // namespace helmarr::store
