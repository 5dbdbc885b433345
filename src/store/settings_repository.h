#pragma once
// Persistence of setting overrides and their audit log. Values are stored as
// JSON text so any setting type round-trips. Callers see this interface; the
// SQL behind it (sql_settings_repository.cc) is made by the factory.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "store/database.h"

namespace helmarr::store {

struct SettingAuditRow {
  std::string key;
  std::string action;  // "override_set" | "override_removed"
  nlohmann::json old_value;
  nlohmann::json new_value;
  std::string changed_by;
  std::string changed_at;  // ISO-8601; empty: the repository's clock, now
};

class SettingsRepository {
 public:
  virtual ~SettingsRepository() = default;

  virtual Result<std::vector<std::pair<std::string, nlohmann::json>>> load_overrides() = 0;
  // Upserts the override and appends the audit row in one transaction.
  virtual Result<void> set_override(const std::string& key, const nlohmann::json& value,
                                    const SettingAuditRow& audit) = 0;
  // Deletes the override and appends the audit row in one transaction.
  virtual Result<void> remove_override(const std::string& key, const SettingAuditRow& audit) = 0;
  // Newest first.
  virtual Result<std::vector<SettingAuditRow>> audit(int limit) = 0;
  // Deletes audit rows changed longer ago than max_age (by the repository's
  // clock); returns how many went.
  virtual Result<std::int64_t> prune_audit(std::chrono::seconds max_age) = 0;
};

std::unique_ptr<SettingsRepository> make_settings_repository(Database& db, const Clock& clock);

}  // namespace helmarr::store
