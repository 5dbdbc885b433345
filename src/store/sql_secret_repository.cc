// SecretRepository in portable SQL (the upsert is SQLite >= 3.24 and
// PostgreSQL >= 9.5 alike).
#include "store/secret_repository.h"

namespace helmarr::store {
namespace {

class SqlSecretRepository final : public SecretRepository {
 public:
  SqlSecretRepository(Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<std::optional<std::string>> get(const std::string& name) override {
    const Value params[] = {name};
    auto rows = db_.query("SELECT value FROM secrets WHERE name = ?", params);
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return std::optional<std::string>{};
    return std::optional<std::string>{rows->front().text_at(0)};
  }

  Result<void> put(const std::string& name, const std::string& value) override {
    const Value params[] = {name, value, iso8601(clock_.wall())};
    // One upsert: running it again writes the same row.
    return db_.transaction([&](Session& s) -> Result<void> {
      auto done = s.execute(
          "INSERT INTO secrets (name, value, updated_at) VALUES (?, ?, ?) "
          "ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
          params);
      if (!done) return tl::unexpected(done.error());
      return {};
    }, Retry::idempotent);
  }

 private:
  Database& db_;
  const Clock& clock_;
};

}  // namespace

std::unique_ptr<SecretRepository> make_secret_repository(Database& db, const Clock& clock) {
  return std::make_unique<SqlSecretRepository>(db, clock);
}

}  // namespace helmarr::store
