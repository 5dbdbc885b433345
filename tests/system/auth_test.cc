#include "support/memory_store.h"
#include "system/auth.h"

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/crypto.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/secret_repository.h"

namespace helmarr::system {
namespace {

using namespace std::chrono_literals;

class AuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = testing::migrated_memory_db();
    secrets = store::make_secret_repository(*db, clock);
    keys = std::make_unique<ApiKeyStore>(*secrets, clock);
  }

  std::string generate() {
    auto r = keys->initialise(std::nullopt);
    EXPECT_TRUE(r) << r.error().message;
    EXPECT_TRUE(r && r->has_value());
    return r && *r ? **r : std::string();
  }

  // Every text value in every table: the plain key must not be among them.
  std::string dump_database() {
    std::string out;
    auto tables = db->query("SELECT name FROM sqlite_master WHERE type = 'table'");
    EXPECT_TRUE(tables);
    for (const auto& t : *tables) {
      auto rows = db->query("SELECT * FROM \"" + t.text_at(0) + "\"");
      EXPECT_TRUE(rows);
      for (const auto& row : *rows) {
        for (std::size_t i = 0; i < row.values.size(); ++i) out += row.text_at(i) + "\n";
      }
    }
    return out;
  }

  ManualClock clock;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<store::SecretRepository> secrets;
  std::unique_ptr<ApiKeyStore> keys;
};

TEST_F(AuthTest, GeneratedKeyVerifiesAndWrongDoesNot) {
  const std::string key = generate();
  EXPECT_EQ(key.size(), 51u);
  EXPECT_EQ(key.rfind("hk_", 0), 0u);
  EXPECT_TRUE(keys->verify(key));
  EXPECT_FALSE(keys->verify(key + "x"));
  EXPECT_FALSE(keys->verify("hk_wrong"));
  EXPECT_FALSE(keys->verify(""));
  EXPECT_FALSE(keys->configured_by_operator());
  EXPECT_EQ(keys->key_id(), "key_" + sha256_hex(key).substr(0, 8));
}

TEST_F(AuthTest, KeyIsStoredOnlyAsItsHash) {
  const std::string key = generate();
  auto stored = secrets->get("api_key_sha256");
  ASSERT_TRUE(stored);
  ASSERT_TRUE(stored->has_value());
  EXPECT_EQ(**stored, sha256_hex(key));
  const std::string everything = dump_database();
  EXPECT_NE(everything.find(sha256_hex(key)), std::string::npos);
  EXPECT_EQ(everything.find(key), std::string::npos);
  EXPECT_EQ(everything.find(key.substr(3)), std::string::npos);
}

TEST_F(AuthTest, RestartLoadsTheStoredHashWithoutANewKey) {
  const std::string key = generate();
  ApiKeyStore restarted(*secrets, clock);
  auto r = restarted.initialise(std::nullopt);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->has_value());  // nothing to print
  EXPECT_TRUE(restarted.verify(key));
}

TEST_F(AuthTest, RotateInvalidatesTheOldKey) {
  const std::string old_key = generate();
  auto rotated = keys->rotate();
  ASSERT_TRUE(rotated) << rotated.error().message;
  EXPECT_EQ(rotated->size(), 51u);
  EXPECT_NE(*rotated, old_key);
  EXPECT_FALSE(keys->verify(old_key));
  EXPECT_TRUE(keys->verify(*rotated));
  EXPECT_EQ(keys->key_id(), "key_" + sha256_hex(*rotated).substr(0, 8));
  clock.advance(5s);  // a reload from the store agrees
  EXPECT_FALSE(keys->verify(old_key));
  EXPECT_TRUE(keys->verify(*rotated));
  EXPECT_EQ(dump_database().find(*rotated), std::string::npos);
}

TEST_F(AuthTest, ConfiguredKeyWinsAndCannotBeRotated) {
  auto r = keys->initialise(std::string("operator-chosen-key"));
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->has_value());
  EXPECT_TRUE(keys->configured_by_operator());
  EXPECT_TRUE(keys->verify("operator-chosen-key"));
  EXPECT_FALSE(keys->verify("hk_something"));

  auto rotated = keys->rotate();
  ASSERT_FALSE(rotated);
  EXPECT_EQ(rotated.error().code, ErrorCode::conflict);
  EXPECT_EQ(rotated.error().message,
            "the API key is set by configuration (--api-key / HELMARR_API_KEY / helmarr.toml); change it there");
  auto stored = secrets->get("api_key_sha256");
  ASSERT_TRUE(stored);
  EXPECT_FALSE(stored->has_value());  // a configured key is never stored
  EXPECT_EQ(dump_database().find("operator-chosen-key"), std::string::npos);
}

TEST_F(AuthTest, ConfiguredKeyIgnoresAStoredOne) {
  const std::string generated = generate();
  ApiKeyStore configured(*secrets, clock);
  ASSERT_TRUE(configured.initialise(std::string("operator-chosen-key")));
  clock.advance(5s);
  EXPECT_TRUE(configured.verify("operator-chosen-key"));
  EXPECT_FALSE(configured.verify(generated));
}

TEST_F(AuthTest, RotationByAnotherProcessTakesEffectWithinASecond) {
  const std::string old_key = generate();
  // `helmarr apikey rotate` in another process: its own store over the same db.
  auto other_secrets = store::make_secret_repository(*db, clock);
  ApiKeyStore other(*other_secrets, clock);
  ASSERT_TRUE(other.initialise(std::nullopt));
  auto rotated = other.rotate();
  ASSERT_TRUE(rotated);

  clock.advance(500ms);
  EXPECT_TRUE(keys->verify(old_key));  // still the cached hash
  EXPECT_FALSE(keys->verify(*rotated));
  clock.advance(600ms);
  EXPECT_TRUE(keys->verify(*rotated));
  EXPECT_FALSE(keys->verify(old_key));
}

// --- lockout -------------------------------------------------------------------

class LockoutTest : public AuthTest {
 protected:
  void SetUp() override {
    AuthTest::SetUp();
    key = generate();
    auth = std::make_unique<Authenticator>(*keys, clock);
  }
  std::string key;
  std::unique_ptr<Authenticator> auth;
};

TEST_F(LockoutTest, RightKeyIsOk) {
  const auto r = auth->check("10.0.0.1", key);
  EXPECT_EQ(r.outcome, AuthOutcome::ok);
  EXPECT_EQ(r.key_id, keys->key_id());
  EXPECT_EQ(auth->check("10.0.0.1", "nope").outcome, AuthOutcome::wrong);
}

TEST_F(LockoutTest, FifthWrongKeyBansTheAddress) {
  for (int i = 0; i < 4; ++i) EXPECT_EQ(auth->check("10.0.0.1", "wrong").outcome, AuthOutcome::wrong);
  // A correct key in between neither fails nor clears the history.
  EXPECT_EQ(auth->check("10.0.0.1", key).outcome, AuthOutcome::ok);
  EXPECT_FALSE(auth->is_banned("10.0.0.1"));

  EXPECT_EQ(auth->check("10.0.0.1", "wrong").outcome, AuthOutcome::wrong);  // 5th: still 401
  EXPECT_TRUE(auth->is_banned("10.0.0.1"));
  const auto banned = auth->check("10.0.0.1", key);  // even with the right key
  EXPECT_EQ(banned.outcome, AuthOutcome::banned);
  EXPECT_EQ(banned.retry_after, 600);
  EXPECT_TRUE(banned.key_id.empty());
  EXPECT_EQ(auth->check("10.0.0.1", "").outcome, AuthOutcome::banned);
}

TEST_F(LockoutTest, BanEndsAfterTenMinutes) {
  for (int i = 0; i < 5; ++i) auth->check("10.0.0.1", "wrong");
  clock.advance(500ms);
  EXPECT_EQ(auth->check("10.0.0.1", key).retry_after, 600);  // rounded up
  clock.advance(std::chrono::seconds(599) - 500ms);
  auto r = auth->check("10.0.0.1", key);
  EXPECT_EQ(r.outcome, AuthOutcome::banned);
  EXPECT_EQ(r.retry_after, 1);
  clock.advance(1s);
  EXPECT_FALSE(auth->is_banned("10.0.0.1"));
  EXPECT_EQ(auth->check("10.0.0.1", key).outcome, AuthOutcome::ok);
  // A fresh start: four more wrong keys do not ban again.
  for (int i = 0; i < 4; ++i) EXPECT_EQ(auth->check("10.0.0.1", "wrong").outcome, AuthOutcome::wrong);
  EXPECT_FALSE(auth->is_banned("10.0.0.1"));
}

TEST_F(LockoutTest, FailuresOutsideTheWindowDoNotCount) {
  for (int i = 0; i < 4; ++i) auth->check("10.0.0.1", "wrong");
  clock.advance(301s);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(auth->check("10.0.0.1", "wrong").outcome, AuthOutcome::wrong);
  EXPECT_FALSE(auth->is_banned("10.0.0.1"));
  EXPECT_EQ(auth->check("10.0.0.1", key).outcome, AuthOutcome::ok);
  auth->check("10.0.0.1", "wrong");
  EXPECT_EQ(auth->check("10.0.0.1", key).outcome, AuthOutcome::banned);
}

TEST_F(LockoutTest, SpreadFailuresInsideTheWindowCount) {
  for (int i = 0; i < 5; ++i) {
    auth->check("10.0.0.1", "wrong");
    clock.advance(70s);  // 5 failures over 280 s
  }
  EXPECT_TRUE(auth->is_banned("10.0.0.1"));
}

TEST_F(LockoutTest, MissingKeyIsNotCounted) {
  for (int i = 0; i < 20; ++i) EXPECT_EQ(auth->check("10.0.0.1", "").outcome, AuthOutcome::missing);
  EXPECT_FALSE(auth->is_banned("10.0.0.1"));
  EXPECT_EQ(auth->check("10.0.0.1", key).outcome, AuthOutcome::ok);
}

TEST_F(LockoutTest, OtherAddressesAreUnaffected) {
  for (int i = 0; i < 5; ++i) auth->check("10.0.0.1", "wrong");
  EXPECT_EQ(auth->check("10.0.0.1", key).outcome, AuthOutcome::banned);
  EXPECT_EQ(auth->check("10.0.0.2", key).outcome, AuthOutcome::ok);
  EXPECT_FALSE(auth->is_banned("10.0.0.2"));
  for (int i = 0; i < 4; ++i) auth->check("10.0.0.2", "wrong");
  EXPECT_FALSE(auth->is_banned("10.0.0.2"));
}

TEST_F(LockoutTest, PolicyCanBeChanged) {
  auth->set_policy(LockoutPolicy{2, std::chrono::seconds{60}, std::chrono::seconds{30}});
  auth->check("10.0.0.1", "wrong");
  auth->check("10.0.0.1", "wrong");
  const auto r = auth->check("10.0.0.1", key);
  EXPECT_EQ(r.outcome, AuthOutcome::banned);
  EXPECT_EQ(r.retry_after, 30);
  clock.advance(30s);
  EXPECT_EQ(auth->check("10.0.0.1", key).outcome, AuthOutcome::ok);
}

TEST_F(LockoutTest, AddressTableIsBoundedAndKeepsBans) {
  Authenticator small(*keys, clock, 100);
  for (int i = 0; i < 5; ++i) small.check("10.9.9.9", "wrong");
  ASSERT_TRUE(small.is_banned("10.9.9.9"));
  for (int i = 0; i < 10'000; ++i) small.check("10.1." + std::to_string(i), "wrong");
  EXPECT_TRUE(small.is_banned("10.9.9.9"));  // unbanned entries are dropped first
  EXPECT_EQ(small.check("10.9.9.9", key).outcome, AuthOutcome::banned);
}

}  // namespace
}  // namespace helmarr::system
