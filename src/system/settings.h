#pragma once
// Mutable settings: a registry of definitions (key, type, default, range,
// description) plus user overrides persisted with an audit log (the dashboard
// seed's defaults + overrides model). Later issues register their settings in
// the same registry. Reads copy the value under a short mutex, cheap enough
// for the hot path to read a value on every request.
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/event_bus.h"
#include "core/result.h"
#include "store/settings_repository.h"

namespace helmarr::system {

enum class SettingType { integer, number, boolean, string, enumeration };

struct SettingDefinition {
  std::string key;  // snake_case, e.g. "rate_limit_general_per_minute"
  SettingType type = SettingType::integer;
  nlohmann::json default_value;
  std::optional<double> min;             // integer/number
  std::optional<double> max;
  std::vector<std::string> allowed;      // enumeration
  std::string description;
};

struct SettingView {
  std::string key;
  nlohmann::json default_value;
  nlohmann::json value;
  bool overridden = false;
  nlohmann::json to_json() const;  // {"key","default","value","overridden"}
};

// Checks a candidate value against its definition. The error message names
// the key and what is wrong ("rate_limit_general_per_minute must be an integer
// between 1 and 100000").
Result<nlohmann::json> validate_setting(const SettingDefinition& def, const nlohmann::json& value);

class SettingsService {
 public:
  using Listener = std::function<void(const std::string& key, const nlohmann::json& value)>;

  SettingsService(store::SettingsRepository& repo, EventBus& bus, const Clock& clock);

  // Registration happens at startup before load(); duplicate keys throw.
  void define(SettingDefinition def);
  // Reads persisted overrides. An override that no longer validates (range
  // changed between versions) is ignored with a warning, never fatal.
  Result<void> load();

  // Rereads the overrides another process may have changed in the shared
  // database: applies those set and those removed there, and calls the
  // listeners of every key whose effective value changed. Publishes no
  // event: the process that made the change announced it.
  Result<void> refresh();

  std::vector<SettingView> list() const;  // sorted by key
  Result<SettingView> get(const std::string& key) const;
  // Effective values; throw std::out_of_range for an unknown key (programming error).
  std::int64_t get_int(const std::string& key) const;
  double get_number(const std::string& key) const;
  bool get_bool(const std::string& key) const;
  std::string get_string(const std::string& key) const;

  // 404 for an unknown key, 400 for a bad value. Persists with its audit row
  // before returning, then notifies listeners and publishes settings.changed.
  Result<SettingView> set_override(const std::string& key, const nlohmann::json& value, const std::string& changed_by);
  Result<SettingView> remove_override(const std::string& key, const std::string& changed_by);
  Result<std::vector<store::SettingAuditRow>> audit(int limit) const;

  // Called after every change of the key's effective value (and once by
  // load() for every key, so consumers start from the persisted value).
  void on_change(const std::string& key, Listener listener);

 private:
  struct Entry {
    SettingDefinition def;
    std::optional<nlohmann::json> override_value;
  };
  nlohmann::json effective(const Entry& e) const;
  void notify(const std::string& key, const nlohmann::json& value);

  store::SettingsRepository& repo_;
  EventBus& bus_;
  const Clock& clock_;
  // Writers (load, set_override, remove_override) hold write_mu_ from
  // validation through notification so changes are persisted, applied and
  // announced in one order; mu_ guards entries_ and listeners_ and is never
  // held while a listener runs (a listener may read settings, but must not
  // change them).
  std::mutex write_mu_;
  mutable std::mutex mu_;
  std::map<std::string, Entry> entries_;
  std::map<std::string, std::vector<Listener>> listeners_;
};

// Retention of the settings audit log. The definition is registered where
// the server's settings are defined; the scheduled job calls the pruning.
inline constexpr const char* kSettingsAuditRetentionDays = "settings_audit_retention_days";
SettingDefinition settings_audit_retention_setting();  // integer days, default 365, 1..36500
// Deletes the audit rows older than settings_audit_retention_days by the
// repository's clock; returns how many went. Fails if the setting is not defined.
Result<std::int64_t> prune_settings_audit(const SettingsService& settings, store::SettingsRepository& repo);

}  // namespace helmarr::system
