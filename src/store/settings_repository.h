#pragma once
// Persistence of setting overrides and their audit log. Values are stored as
// JSON text so any setting type round-trips.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store/database.h"

namespace helmarr::store {

struct SettingAuditRow {
  std::string key;
  std::string action;  // "override_set" | "override_removed"
  nlohmann::json old_value;
  nlohmann::json new_value;
  std::string changed_by;
  std::string changed_at;  // ISO-8601
};

class SettingsRepository {
 public:
  explicit SettingsRepository(Database& db) : db_(db) {}

  Result<std::vector<std::pair<std::string, nlohmann::json>>> load_overrides();
  // Upserts the override and appends the audit row in one transaction.
  Result<void> set_override(const std::string& key, const nlohmann::json& value, const SettingAuditRow& audit);
  // Deletes the override and appends the audit row in one transaction.
  Result<void> remove_override(const std::string& key, const SettingAuditRow& audit);
  // Newest first.
  Result<std::vector<SettingAuditRow>> audit(int limit);

 private:
  Database& db_;
};

}  // namespace helmarr::store
