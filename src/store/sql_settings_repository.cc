// SettingsRepository in portable SQL (the upserts are SQLite >= 3.24 and
// PostgreSQL >= 9.5 alike; ISO-8601 UTC text timestamps compare in time order).
#include "store/settings_repository.h"

namespace helmarr::store {
namespace {

// JSON null is stored as SQL NULL ("no value"), everything else as JSON text.
Result<Value> to_column(const nlohmann::json& j) {
  if (j.is_null() || j.is_discarded()) return Value{};
  try {
    return Value{j.dump()};
  } catch (const nlohmann::json::exception&) {
    return fail(ErrorCode::invalid_request, "setting value is not valid UTF-8");
  }
}

nlohmann::json from_column(const Row& row, std::size_t i) {
  if (row.is_null(i)) return nullptr;
  auto parsed = nlohmann::json::parse(row.text_at(i), nullptr, false);
  return parsed.is_discarded() ? nlohmann::json(nullptr) : parsed;
}

Result<void> append_audit(Session& s, const std::string& key, const char* action, const SettingAuditRow& audit,
                          const std::string& at) {
  auto old_value = to_column(audit.old_value);
  if (!old_value) return tl::unexpected(old_value.error());
  auto new_value = to_column(audit.new_value);
  if (!new_value) return tl::unexpected(new_value.error());
  const Value params[] = {key, std::string(action), *old_value, *new_value, audit.changed_by, at};
  auto done = s.execute(
      "INSERT INTO settings_audit (key, action, old_value, new_value, changed_by, changed_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      params);
  if (!done) return tl::unexpected(done.error());
  return {};
}

class SqlSettingsRepository final : public SettingsRepository {
 public:
  SqlSettingsRepository(Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<std::vector<std::pair<std::string, nlohmann::json>>> load_overrides() override;
  Result<void> set_override(const std::string& key, const nlohmann::json& value,
                            const SettingAuditRow& audit) override;
  Result<void> remove_override(const std::string& key, const SettingAuditRow& audit) override;
  Result<std::vector<SettingAuditRow>> audit(int limit) override;
  Result<std::int64_t> prune_audit(std::chrono::seconds max_age) override;

 private:
  std::string changed_at(const SettingAuditRow& audit) const {
    return audit.changed_at.empty() ? iso8601(clock_.wall()) : audit.changed_at;
  }

  Database& db_;
  const Clock& clock_;
};

Result<std::vector<std::pair<std::string, nlohmann::json>>> SqlSettingsRepository::load_overrides() {
  auto rows = db_.query("SELECT key, value FROM settings_overrides ORDER BY key");
  if (!rows) return tl::unexpected(rows.error());
  std::vector<std::pair<std::string, nlohmann::json>> out;
  out.reserve(rows->size());
  for (const auto& row : *rows) {
    auto value = nlohmann::json::parse(row.text_at(1), nullptr, false);
    if (value.is_discarded()) continue;  // a corrupt row must not stop startup
    out.emplace_back(row.text_at(0), std::move(value));
  }
  return out;
}

Result<void> SqlSettingsRepository::set_override(const std::string& key, const nlohmann::json& value,
                                                 const SettingAuditRow& audit) {
  std::string text;
  try {
    text = value.dump();
  } catch (const nlohmann::json::exception&) {
    return fail(ErrorCode::invalid_request, "setting value is not valid UTF-8");
  }
  const std::string at = changed_at(audit);
  return db_.transaction([&](Session& s) -> Result<void> {
    const Value params[] = {key, text, at};
    auto upserted = s.execute(
        "INSERT INTO settings_overrides (key, value, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        params);
    if (!upserted) return tl::unexpected(upserted.error());
    return append_audit(s, key, "override_set", audit, at);
  }, Retry::idempotent);  // the database is all it touches, with the same values each time
}

Result<void> SqlSettingsRepository::remove_override(const std::string& key, const SettingAuditRow& audit) {
  const std::string at = changed_at(audit);
  return db_.transaction([&](Session& s) -> Result<void> {
    const Value params[] = {key};
    auto deleted = s.execute("DELETE FROM settings_overrides WHERE key = ?", params);
    if (!deleted) return tl::unexpected(deleted.error());
    return append_audit(s, key, "override_removed", audit, at);
  }, Retry::idempotent);
}

Result<std::vector<SettingAuditRow>> SqlSettingsRepository::audit(int limit) {
  std::vector<SettingAuditRow> out;
  if (limit <= 0) return out;
  const Value params[] = {std::int64_t{limit}};
  auto rows = db_.query(
      "SELECT key, action, old_value, new_value, changed_by, changed_at FROM settings_audit "
      "ORDER BY id DESC LIMIT ?",
      params);
  if (!rows) return tl::unexpected(rows.error());
  out.reserve(rows->size());
  for (const auto& row : *rows) {
    out.push_back(SettingAuditRow{row.text_at(0), row.text_at(1), from_column(row, 2), from_column(row, 3),
                                  row.text_at(4), row.text_at(5)});
  }
  return out;
}

Result<std::int64_t> SqlSettingsRepository::prune_audit(std::chrono::seconds max_age) {
  const Value params[] = {iso8601(clock_.wall() - max_age)};
  std::int64_t removed = 0;
  auto done = db_.transaction([&](Session& s) -> Result<void> {
    auto deleted = s.execute("DELETE FROM settings_audit WHERE changed_at < ?", params);
    if (!deleted) return tl::unexpected(deleted.error());
    removed = deleted->changes;
    return {};
  }, Retry::idempotent);
  if (!done) return tl::unexpected(done.error());
  return removed;
}

}  // namespace

std::unique_ptr<SettingsRepository> make_settings_repository(Database& db, const Clock& clock) {
  return std::make_unique<SqlSettingsRepository>(db, clock);
}

}  // namespace helmarr::store
