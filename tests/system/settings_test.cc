#include "support/memory_store.h"
#include "system/settings.h"

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/event_bus.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/settings_repository.h"

namespace helmarr::system {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

SettingDefinition general_limit() {
  SettingDefinition d;
  d.key = "rate_limit_general_per_minute";
  d.type = SettingType::integer;
  d.default_value = 100;
  d.min = 1;
  d.max = 100000;
  d.description = "Requests per minute per client.";
  return d;
}

SettingDefinition def_of(std::string key, SettingType type, json def, std::optional<double> min = {},
                         std::optional<double> max = {}, std::vector<std::string> allowed = {}) {
  SettingDefinition d;
  d.key = std::move(key);
  d.type = type;
  d.default_value = std::move(def);
  d.min = min;
  d.max = max;
  d.allowed = std::move(allowed);
  return d;
}

// --- validate_setting --------------------------------------------------------

struct Case {
  SettingDefinition def;
  json value;
  bool ok;
};

TEST(ValidateSetting, Table) {
  const auto integer = general_limit();
  const auto number = def_of("ratio", SettingType::number, 0.5, 0.0, 1.0);
  const auto unbounded = def_of("offset", SettingType::integer, 0);
  const auto boolean = def_of("flag", SettingType::boolean, false);
  const auto string = def_of("name", SettingType::string, "x");
  const auto enumeration = def_of("log_level", SettingType::enumeration, "info", {}, {}, {"debug", "info", "warn"});

  const std::vector<Case> cases = {
      {integer, 1, true},
      {integer, 100000, true},
      {integer, 250, true},
      {integer, 0, false},
      {integer, 100001, false},
      {integer, -5, false},
      {integer, 1.5, false},
      {integer, 5.0, false},
      {integer, "5", false},
      {integer, true, false},
      {integer, nullptr, false},
      {integer, json::array({5}), false},
      {integer, json(18446744073709551615ull), false},
      {unbounded, -9007199254740993LL, true},
      {unbounded, json(18446744073709551615ull), false},  // does not fit int64
      {number, 0.0, true},
      {number, 1.0, true},
      {number, 0.25, true},
      {number, 1, true},
      {number, -0.001, false},
      {number, 1.001, false},
      {number, "0.5", false},
      {number, false, false},
      {boolean, true, true},
      {boolean, false, true},
      {boolean, 1, false},
      {boolean, "true", false},
      {boolean, nullptr, false},
      {string, "", true},
      {string, std::string(4096, 'a'), true},
      {string, std::string(4097, 'a'), false},
      {string,
       [] {
         std::string s;
         for (int i = 0; i < 4096; ++i) s += "\xc3\xa9";
         return s;
       }(),
       true},  // chars, not bytes
      {string,
       [] {
         std::string s;
         for (int i = 0; i < 4097; ++i) s += "\xc3\xa9";
         return s;
       }(),
       false},
      {string, 5, false},
      {string, json::object(), false},
      {enumeration, "debug", true},
      {enumeration, "warn", true},
      {enumeration, "WARN", false},
      {enumeration, "trace", false},
      {enumeration, 1, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.def.key + " = " + c.value.dump());
    const auto r = validate_setting(c.def, c.value);
    EXPECT_EQ(r.has_value(), c.ok) << (r ? std::string("accepted") : r.error().message);
    if (!r) {
      EXPECT_EQ(r.error().code, ErrorCode::invalid_request);
      EXPECT_EQ(r.error().details.at("key"), c.def.key);
      EXPECT_TRUE(r.error().details.at("expected").is_string());
      EXPECT_EQ(r.error().message.rfind(c.def.key + " must be ", 0), 0u) << r.error().message;
    }
  }
}

TEST(ValidateSetting, MessagesNameTheKeyAndTheRule) {
  auto r = validate_setting(general_limit(), "abc");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, R"(rate_limit_general_per_minute must be an integer between 1 and 100000, got "abc")");
  EXPECT_EQ(r.error().details,
            (json{{"key", "rate_limit_general_per_minute"}, {"expected", "an integer between 1 and 100000"}}));

  r = validate_setting(def_of("ratio", SettingType::number, 0.5, 0.0, 1.0), 2);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "ratio must be a number between 0 and 1, got 2");

  r = validate_setting(def_of("min_only", SettingType::integer, 5, 1.0), 0);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "min_only must be an integer of at least 1, got 0");

  r = validate_setting(def_of("flag", SettingType::boolean, false), "yes");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, R"(flag must be a boolean, got "yes")");

  r = validate_setting(def_of("log_level", SettingType::enumeration, "info", {}, {}, {"debug", "info"}), "loud");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, R"(log_level must be one of "debug", "info", got "loud")");

  r = validate_setting(def_of("name", SettingType::string, ""), std::string(5000, 'x'));
  ASSERT_FALSE(r);
  EXPECT_LT(r.error().message.size(), 300u);  // long values are cut in the message
}

TEST(ValidateSetting, ReturnsTheNormalisedValue) {
  auto r = validate_setting(general_limit(), json(250u));
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->is_number_integer());
  EXPECT_EQ(r->get<std::int64_t>(), 250);
}

TEST(SettingView, ToJson) {
  const SettingView v{"k", 1, 2, true};
  EXPECT_EQ(v.to_json(), (json{{"key", "k"}, {"default", 1}, {"value", 2}, {"overridden", true}}));
}

// --- SettingsService ---------------------------------------------------------

class SettingsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = testing::migrated_memory_db();
    repo = store::make_settings_repository(*db, clock);
    service = make_service(*repo);
    bus.subscribe([this](const Event& e) { events.push_back(e); });
  }

  std::unique_ptr<SettingsService> make_service(store::SettingsRepository& r) {
    auto s = std::make_unique<SettingsService>(r, bus, clock);
    s->define(general_limit());
    s->define(def_of("log_level", SettingType::enumeration, "info", {}, {}, {"debug", "info", "warn"}));
    s->define(def_of("dashboard_enabled", SettingType::boolean, true));
    s->define(def_of("ratio", SettingType::number, 0.5, 0.0, 1.0));
    s->define(def_of("instance_name", SettingType::string, "helmarr"));
    return s;
  }

  ManualClock clock;
  EventBus bus{clock};
  std::unique_ptr<store::Database> db;
  std::unique_ptr<store::SettingsRepository> repo;
  std::unique_ptr<SettingsService> service;
  std::vector<Event> events;
};

TEST_F(SettingsServiceTest, ListIsSortedAndShowsDefaults) {
  ASSERT_TRUE(service->load());
  const auto all = service->list();
  ASSERT_EQ(all.size(), 5u);
  std::vector<std::string> keys;
  for (const auto& v : all) {
    keys.push_back(v.key);
    EXPECT_FALSE(v.overridden);
    EXPECT_EQ(v.value, v.default_value);
  }
  EXPECT_EQ(keys, (std::vector<std::string>{"dashboard_enabled", "instance_name", "log_level",
                                            "rate_limit_general_per_minute", "ratio"}));
  const auto one = service->get("rate_limit_general_per_minute");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->value, 100);
  EXPECT_EQ(service->get_int("rate_limit_general_per_minute"), 100);
  EXPECT_EQ(service->get_string("log_level"), "info");
  EXPECT_TRUE(service->get_bool("dashboard_enabled"));
  EXPECT_DOUBLE_EQ(service->get_number("ratio"), 0.5);
  EXPECT_THROW(service->get_int("nope"), std::out_of_range);
}

TEST_F(SettingsServiceTest, DefineRejectsDuplicatesAndBadDefaults) {
  EXPECT_THROW(service->define(general_limit()), std::invalid_argument);
  EXPECT_THROW(service->define(def_of("bad_default", SettingType::integer, 0, 1.0, 10.0)), std::invalid_argument);
  EXPECT_THROW(service->define(def_of("bad_enum", SettingType::enumeration, "x", {}, {}, {"a"})),
               std::invalid_argument);
  EXPECT_THROW(service->define(def_of("bad_type", SettingType::boolean, "true")), std::invalid_argument);
}

TEST_F(SettingsServiceTest, UnknownKeyIsNotFound) {
  auto g = service->get("nope");
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().code, ErrorCode::not_found);
  EXPECT_EQ(g.error().message, "no setting named 'nope'");
  auto s = service->set_override("nope", 1, "test");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::not_found);
  EXPECT_EQ(s.error().message, "no setting named 'nope'");
  auto r = service->remove_override("nope", "test");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::not_found);
  EXPECT_TRUE(events.empty());
}

TEST_F(SettingsServiceTest, SetPersistsAcrossInstances) {
  ASSERT_TRUE(service->load());
  auto set = service->set_override("rate_limit_general_per_minute", 250, "api:key_1234");
  ASSERT_TRUE(set) << set.error().message;
  EXPECT_EQ(set->value, 250);
  EXPECT_EQ(set->default_value, 100);
  EXPECT_TRUE(set->overridden);
  EXPECT_EQ(service->get_int("rate_limit_general_per_minute"), 250);

  // Another service over the same database, as after a restart.
  auto other_store = store::make_settings_repository(*db, clock);
  store::SettingsRepository& other_repo = *other_store;
  auto other = make_service(other_repo);
  EXPECT_EQ(other->get_int("rate_limit_general_per_minute"), 100);  // before load
  ASSERT_TRUE(other->load());
  EXPECT_EQ(other->get_int("rate_limit_general_per_minute"), 250);
  const auto view = other->get("rate_limit_general_per_minute");
  ASSERT_TRUE(view);
  EXPECT_TRUE(view->overridden);
}

// Two services over one database stand for two processes: what one sets or
// removes, the other applies on refresh, telling its listeners only of
// values that changed and publishing nothing.
TEST_F(SettingsServiceTest, RefreshAppliesWhatAnotherProcessChanged) {
  ASSERT_TRUE(service->load());
  auto other_store = store::make_settings_repository(*db, clock);
  EventBus other_bus{clock};
  SettingsService other(*other_store, other_bus, clock);
  other.define(general_limit());
  other.define(def_of("log_level", SettingType::enumeration, "info", {}, {}, {"debug", "info", "warn"}));
  ASSERT_TRUE(other.load());
  std::vector<json> heard;
  other.on_change("rate_limit_general_per_minute", [&](const std::string&, const json& v) { heard.push_back(v); });
  int log_level_calls = 0;
  other.on_change("log_level", [&](const std::string&, const json&) { ++log_level_calls; });
  std::vector<Event> other_events;
  other_bus.subscribe([&](const Event& e) { other_events.push_back(e); });

  ASSERT_TRUE(service->set_override("rate_limit_general_per_minute", 250, "test"));
  ASSERT_TRUE(service->set_override("log_level", "info", "test"));  // an override equal to the default
  EXPECT_EQ(other.get_int("rate_limit_general_per_minute"), 100) << "not before refresh";
  ASSERT_TRUE(other.refresh());
  EXPECT_EQ(other.get_int("rate_limit_general_per_minute"), 250);
  EXPECT_TRUE(other.get("log_level")->overridden);
  EXPECT_EQ(heard, std::vector<json>{250});
  EXPECT_EQ(log_level_calls, 0) << "its effective value did not change";
  ASSERT_TRUE(other.refresh());
  EXPECT_EQ(heard.size(), 1u) << "nothing changed since";

  ASSERT_TRUE(service->remove_override("rate_limit_general_per_minute", "test"));
  ASSERT_TRUE(other.refresh());
  EXPECT_EQ(other.get_int("rate_limit_general_per_minute"), 100);
  EXPECT_FALSE(other.get("rate_limit_general_per_minute")->overridden);
  EXPECT_EQ(heard, (std::vector<json>{250, 100}));
  EXPECT_TRUE(other_events.empty());
}

TEST_F(SettingsServiceTest, AuditIsNewestFirstWithOldAndNewValues) {
  const std::string t0 = iso8601(clock.wall());
  ASSERT_TRUE(service->set_override("rate_limit_general_per_minute", 200, "alice"));
  clock.advance(1s);
  const std::string t1 = iso8601(clock.wall());
  ASSERT_TRUE(service->set_override("rate_limit_general_per_minute", 300, "bob"));
  clock.advance(1s);
  const std::string t2 = iso8601(clock.wall());
  ASSERT_TRUE(service->remove_override("rate_limit_general_per_minute", "carol"));

  auto rows = service->audit(10);
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 3u);
  const auto& r0 = (*rows)[0];
  EXPECT_EQ(r0.key, "rate_limit_general_per_minute");
  EXPECT_EQ(r0.action, "override_removed");
  EXPECT_EQ(r0.old_value, 300);
  EXPECT_EQ(r0.new_value, 100);
  EXPECT_EQ(r0.changed_by, "carol");
  EXPECT_EQ(r0.changed_at, t2);
  const auto& r1 = (*rows)[1];
  EXPECT_EQ(r1.action, "override_set");
  EXPECT_EQ(r1.old_value, 200);
  EXPECT_EQ(r1.new_value, 300);
  EXPECT_EQ(r1.changed_by, "bob");
  EXPECT_EQ(r1.changed_at, t1);
  const auto& r2 = (*rows)[2];
  EXPECT_EQ(r2.action, "override_set");
  EXPECT_EQ(r2.old_value, 100);
  EXPECT_EQ(r2.new_value, 200);
  EXPECT_EQ(r2.changed_by, "alice");
  EXPECT_EQ(r2.changed_at, t0);

  auto limited = service->audit(1);
  ASSERT_TRUE(limited);
  ASSERT_EQ(limited->size(), 1u);
  EXPECT_EQ((*limited)[0].action, "override_removed");
}

TEST_F(SettingsServiceTest, RemoveRevertsToDefault) {
  ASSERT_TRUE(service->set_override("log_level", "debug", "alice"));
  EXPECT_EQ(service->get_string("log_level"), "debug");
  auto removed = service->remove_override("log_level", "alice");
  ASSERT_TRUE(removed);
  EXPECT_FALSE(removed->overridden);
  EXPECT_EQ(removed->value, "info");
  EXPECT_EQ(service->get_string("log_level"), "info");

  auto other_store = store::make_settings_repository(*db, clock);
  store::SettingsRepository& other_repo = *other_store;
  auto other = make_service(other_repo);
  ASSERT_TRUE(other->load());
  EXPECT_EQ(other->get_string("log_level"), "info");
}

TEST_F(SettingsServiceTest, RemoveWithoutOverrideIsIdempotentAndSilent) {
  int calls = 0;
  service->on_change("log_level", [&](const std::string&, const json&) { ++calls; });
  auto removed = service->remove_override("log_level", "alice");
  ASSERT_TRUE(removed);
  EXPECT_FALSE(removed->overridden);
  EXPECT_EQ(removed->value, "info");
  auto rows = service->audit(10);
  ASSERT_TRUE(rows);
  EXPECT_TRUE(rows->empty());
  EXPECT_TRUE(events.empty());
  EXPECT_EQ(calls, 0);
}

TEST_F(SettingsServiceTest, BadValueIsRejectedAndNothingHappens) {
  int calls = 0;
  service->on_change("rate_limit_general_per_minute", [&](const std::string&, const json&) { ++calls; });
  for (const json& bad : {json("abc"), json(0), json(1.5), json(true), json(nullptr)}) {
    auto r = service->set_override("rate_limit_general_per_minute", bad, "mallory");
    ASSERT_FALSE(r) << bad.dump();
    EXPECT_EQ(r.error().code, ErrorCode::invalid_request);
  }
  EXPECT_EQ(service->get_int("rate_limit_general_per_minute"), 100);
  auto rows = service->audit(10);
  ASSERT_TRUE(rows);
  EXPECT_TRUE(rows->empty());
  EXPECT_TRUE(events.empty());
  EXPECT_EQ(bus.last_seq(), 0u);
  EXPECT_EQ(calls, 0);
  auto overrides = repo->load_overrides();
  ASSERT_TRUE(overrides);
  EXPECT_TRUE(overrides->empty());
}

TEST_F(SettingsServiceTest, ListenerGetsTheNewValue) {
  std::vector<std::pair<std::string, json>> seen;
  service->on_change("rate_limit_general_per_minute",
                     [&](const std::string& key, const json& value) { seen.emplace_back(key, value); });
  ASSERT_TRUE(service->set_override("rate_limit_general_per_minute", 250, "alice"));
  ASSERT_TRUE(service->remove_override("rate_limit_general_per_minute", "alice"));
  ASSERT_TRUE(service->set_override("log_level", "warn", "alice"));  // other key: not called
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].first, "rate_limit_general_per_minute");
  EXPECT_EQ(seen[0].second, 250);
  EXPECT_EQ(seen[1].second, 100);
}

TEST_F(SettingsServiceTest, ListenerMayReadSettings) {
  std::int64_t read_back = 0;
  service->on_change("rate_limit_general_per_minute", [&](const std::string& key, const json&) {
    read_back = service->get_int(key);  // would deadlock if called under the mutex
    EXPECT_EQ(service->list().size(), 5u);
  });
  ASSERT_TRUE(service->set_override("rate_limit_general_per_minute", 300, "alice"));
  EXPECT_EQ(read_back, 300);
}

TEST_F(SettingsServiceTest, LoadCallsEveryListenerOnceWithTheEffectiveValue) {
  ASSERT_TRUE(service->set_override("rate_limit_general_per_minute", 250, "alice"));
  auto other_store = store::make_settings_repository(*db, clock);
  store::SettingsRepository& other_repo = *other_store;
  auto other = make_service(other_repo);
  std::vector<json> limit_values;
  std::vector<json> level_values;
  other->on_change("rate_limit_general_per_minute",
                   [&](const std::string&, const json& v) { limit_values.push_back(v); });
  other->on_change("log_level", [&](const std::string&, const json& v) { level_values.push_back(v); });
  ASSERT_TRUE(other->load());
  EXPECT_EQ(limit_values, std::vector<json>{250});
  EXPECT_EQ(level_values, std::vector<json>{"info"});
}

TEST_F(SettingsServiceTest, LoadSkipsUnknownAndInvalidOverrides) {
  const store::SettingAuditRow row{"x", "override_set", nullptr, nullptr, "test", iso8601(clock.wall())};
  ASSERT_TRUE(repo->set_override("rate_limit_general_per_minute", "abc", row));
  ASSERT_TRUE(repo->set_override("removed_in_this_version", 5, row));
  ASSERT_TRUE(repo->set_override("log_level", "debug", row));
  auto r = service->load();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(service->get_int("rate_limit_general_per_minute"), 100);
  EXPECT_FALSE(service->get("rate_limit_general_per_minute")->overridden);
  EXPECT_EQ(service->get_string("log_level"), "debug");
  EXPECT_EQ(service->list().size(), 5u);
}

TEST_F(SettingsServiceTest, ChangePublishesAnEventWithSeq) {
  ASSERT_TRUE(service->set_override("rate_limit_general_per_minute", 250, "api:key_1234"));
  ASSERT_EQ(events.size(), 1u);
  const Event e = events[0];
  EXPECT_EQ(e.type, "settings.changed");
  EXPECT_GE(e.seq, 1u);
  EXPECT_EQ(e.seq, bus.last_seq());
  EXPECT_EQ(e.data, (json{{"key", "rate_limit_general_per_minute"},
                          {"value", 250},
                          {"old_value", 100},
                          {"overridden", true},
                          {"changed_by", "api:key_1234"}}));

  ASSERT_TRUE(service->remove_override("rate_limit_general_per_minute", "cli"));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_GT(events[1].seq, e.seq);
  EXPECT_EQ(events[1].data, (json{{"key", "rate_limit_general_per_minute"},
                                  {"value", 100},
                                  {"old_value", 250},
                                  {"overridden", false},
                                  {"changed_by", "cli"}}));
}

TEST_F(SettingsServiceTest, TypesRoundTripThroughTheStore) {
  ASSERT_TRUE(service->set_override("dashboard_enabled", false, "a"));
  ASSERT_TRUE(service->set_override("ratio", 0.75, "a"));
  ASSERT_TRUE(service->set_override("instance_name", "hall \"9000\"", "a"));
  auto other_store = store::make_settings_repository(*db, clock);
  store::SettingsRepository& other_repo = *other_store;
  auto other = make_service(other_repo);
  ASSERT_TRUE(other->load());
  EXPECT_FALSE(other->get_bool("dashboard_enabled"));
  EXPECT_DOUBLE_EQ(other->get_number("ratio"), 0.75);
  EXPECT_EQ(other->get_string("instance_name"), "hall \"9000\"");
}

TEST_F(SettingsServiceTest, PruneSettingsAuditKeepsTheRetentionDays) {
  service->define(settings_audit_retention_setting());
  ASSERT_TRUE(service->load());
  EXPECT_EQ(service->get_int(kSettingsAuditRetentionDays), 365);
  EXPECT_FALSE(service->set_override(kSettingsAuditRetentionDays, 0, "test"));
  EXPECT_FALSE(service->set_override(kSettingsAuditRetentionDays, 36501, "test"));

  ASSERT_TRUE(service->set_override("ratio", 0.1, "test"));  // day 0
  clock.advance(24h * 300);
  ASSERT_TRUE(service->set_override("ratio", 0.2, "test"));  // day 300
  clock.advance(24h * 100);                                  // now: day 400
  EXPECT_EQ(prune_settings_audit(*service, *repo).value(), 1);  // day 0 is past 365 days
  auto left = service->audit(10).value();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].new_value, 0.2);

  ASSERT_TRUE(service->set_override(kSettingsAuditRetentionDays, 30, "test"));  // day 400
  clock.advance(24h * 31);
  // The day-300 row goes; the retention change itself (31 days old) too; nothing newer exists.
  ASSERT_TRUE(service->set_override("ratio", 0.3, "test"));
  EXPECT_EQ(prune_settings_audit(*service, *repo).value(), 2);
  left = service->audit(10).value();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].new_value, 0.3);
}

TEST_F(SettingsServiceTest, PruneSettingsAuditNeedsTheSettingDefined) {
  ASSERT_TRUE(service->load());
  auto r = prune_settings_audit(*service, *repo);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::not_found);
}

}  // namespace
}  // namespace helmarr::system
