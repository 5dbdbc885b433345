#include "system/settings.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/clock.h"

namespace helmarr::system {

namespace {

constexpr std::size_t kMaxStringChars = 4096;
constexpr std::size_t kMaxShownValue = 120;

std::string format_bound(double v) {
  if (std::isfinite(v) && std::floor(v) == v && std::fabs(v) < 1e15) {
    return fmt::format("{}", static_cast<std::int64_t>(v));
  }
  return fmt::format("{}", v);
}

std::string range_text(const SettingDefinition& def) {
  if (def.min && def.max) return fmt::format(" between {} and {}", format_bound(*def.min), format_bound(*def.max));
  if (def.min) return fmt::format(" of at least {}", format_bound(*def.min));
  if (def.max) return fmt::format(" of at most {}", format_bound(*def.max));
  return "";
}

// What a valid value looks like, e.g. "an integer between 1 and 100000".
std::string expected_text(const SettingDefinition& def) {
  switch (def.type) {
    case SettingType::integer:
      return "an integer" + range_text(def);
    case SettingType::number:
      return "a number" + range_text(def);
    case SettingType::boolean:
      return "a boolean";
    case SettingType::string:
      return fmt::format("a string of at most {} characters", kMaxStringChars);
    case SettingType::enumeration: {
      std::string s = "one of ";
      for (std::size_t i = 0; i < def.allowed.size(); ++i) {
        if (i) s += ", ";
        s += nlohmann::json(def.allowed[i]).dump();
      }
      return s;
    }
  }
  return "a valid value";
}

std::string shown(const nlohmann::json& value) {
  std::string s = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (s.size() > kMaxShownValue) {
    s.resize(kMaxShownValue);
    s += "...";
  }
  return s;
}

std::size_t utf8_chars(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

bool in_range(const SettingDefinition& def, double v) {
  if (def.min && v < *def.min) return false;
  if (def.max && v > *def.max) return false;
  return true;
}

}  // namespace

nlohmann::json SettingView::to_json() const {
  return nlohmann::json{{"key", key}, {"default", default_value}, {"value", value}, {"overridden", overridden}};
}

Result<nlohmann::json> validate_setting(const SettingDefinition& def, const nlohmann::json& value) {
  auto reject = [&]() -> Result<nlohmann::json> {
    const std::string expected = expected_text(def);
    return fail(ErrorCode::invalid_request, fmt::format("{} must be {}, got {}", def.key, expected, shown(value)),
                nlohmann::json{{"key", def.key}, {"expected", expected}});
  };

  switch (def.type) {
    case SettingType::integer: {
      // is_number_integer() is false for 1.5 and for booleans; "5" is a string.
      if (!value.is_number_integer()) return reject();
      std::int64_t v = 0;
      if (value.is_number_unsigned()) {
        const auto u = value.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return reject();
        v = static_cast<std::int64_t>(u);
      } else {
        v = value.get<std::int64_t>();
      }
      if (!in_range(def, static_cast<double>(v))) return reject();
      return nlohmann::json(v);
    }
    case SettingType::number: {
      if (!value.is_number()) return reject();
      const double v = value.get<double>();
      if (!std::isfinite(v) || !in_range(def, v)) return reject();
      return value;
    }
    case SettingType::boolean:
      if (!value.is_boolean()) return reject();
      return value;
    case SettingType::string:
      if (!value.is_string() || utf8_chars(value.get_ref<const std::string&>()) > kMaxStringChars) return reject();
      return value;
    case SettingType::enumeration: {
      if (!value.is_string()) return reject();
      const auto& s = value.get_ref<const std::string&>();
      for (const auto& a : def.allowed) {
        if (a == s) return value;
      }
      return reject();
    }
  }
  return reject();
}

SettingsService::SettingsService(store::SettingsRepository& repo, EventBus& bus, const Clock& clock)
    : repo_(repo), bus_(bus), clock_(clock) {}

void SettingsService::define(SettingDefinition def) {
  if (def.key.empty()) throw std::invalid_argument("setting key must not be empty");
  if (def.min && def.max && *def.min > *def.max) {
    throw std::invalid_argument(fmt::format("setting {}: min is greater than max", def.key));
  }
  auto normalized = validate_setting(def, def.default_value);
  if (!normalized) {
    throw std::invalid_argument(fmt::format("setting {}: invalid default: {}", def.key, normalized.error().message));
  }
  def.default_value = std::move(*normalized);
  std::lock_guard lock(mu_);
  if (entries_.contains(def.key)) throw std::invalid_argument(fmt::format("setting {} is defined twice", def.key));
  std::string key = def.key;
  entries_.emplace(std::move(key), Entry{std::move(def), std::nullopt});
}

nlohmann::json SettingsService::effective(const Entry& e) const {
  return e.override_value ? *e.override_value : e.def.default_value;
}

namespace {

SettingView view_of(const std::string& key, const nlohmann::json& def, const std::optional<nlohmann::json>& ov) {
  return SettingView{key, def, ov ? *ov : def, ov.has_value()};
}

}  // namespace

Result<void> SettingsService::load() {
  std::lock_guard write_lock(write_mu_);
  auto overrides = repo_.load_overrides();
  if (!overrides) return tl::unexpected(overrides.error());

  std::vector<std::pair<std::string, nlohmann::json>> values;
  {
    std::lock_guard lock(mu_);
    for (auto& [key, value] : *overrides) {
      auto it = entries_.find(key);
      if (it == entries_.end()) {
        spdlog::warn("ignoring persisted override for unknown setting {}", key);
        continue;
      }
      auto valid = validate_setting(it->second.def, value);
      if (!valid) {
        spdlog::warn("ignoring persisted override: {}", valid.error().message);
        continue;
      }
      it->second.override_value = std::move(*valid);
    }
    values.reserve(entries_.size());
    for (const auto& [key, e] : entries_) values.emplace_back(key, effective(e));
  }
  // Outside the mutex: a listener may read settings.
  for (const auto& [key, value] : values) notify(key, value);
  return {};
}

Result<void> SettingsService::refresh() {
  std::lock_guard write_lock(write_mu_);
  auto overrides = repo_.load_overrides();
  if (!overrides) return tl::unexpected(overrides.error());
  std::map<std::string, nlohmann::json> stored;
  for (auto& [key, value] : *overrides) stored.emplace(std::move(key), std::move(value));
  std::vector<std::pair<std::string, nlohmann::json>> changed;
  {
    std::lock_guard lock(mu_);
    for (auto& [key, e] : entries_) {
      std::optional<nlohmann::json> now;
      if (auto it = stored.find(key); it != stored.end()) {
        if (auto valid = validate_setting(e.def, it->second)) now = std::move(*valid);
      }
      if (now == e.override_value) continue;
      const nlohmann::json before = effective(e);
      e.override_value = std::move(now);
      if (effective(e) != before) changed.emplace_back(key, effective(e));
    }
  }
  for (const auto& [key, value] : changed) notify(key, value);
  return {};
}

std::vector<SettingView> SettingsService::list() const {
  std::lock_guard lock(mu_);
  std::vector<SettingView> out;
  out.reserve(entries_.size());
  for (const auto& [key, e] : entries_) out.push_back(view_of(key, e.def.default_value, e.override_value));
  return out;  // std::map iterates sorted by key
}

Result<SettingView> SettingsService::get(const std::string& key) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    return fail(ErrorCode::not_found, fmt::format("no setting named '{}'", key), nlohmann::json{{"key", key}});
  }
  return view_of(key, it->second.def.default_value, it->second.override_value);
}

namespace {

template <class Map>
const auto& find_or_throw(const Map& entries, const std::string& key) {
  auto it = entries.find(key);
  if (it == entries.end()) throw std::out_of_range("no setting named '" + key + "'");
  return it->second;
}

}  // namespace

std::int64_t SettingsService::get_int(const std::string& key) const {
  std::lock_guard lock(mu_);
  return effective(find_or_throw(entries_, key)).get<std::int64_t>();
}

double SettingsService::get_number(const std::string& key) const {
  std::lock_guard lock(mu_);
  return effective(find_or_throw(entries_, key)).get<double>();
}

bool SettingsService::get_bool(const std::string& key) const {
  std::lock_guard lock(mu_);
  return effective(find_or_throw(entries_, key)).get<bool>();
}

std::string SettingsService::get_string(const std::string& key) const {
  std::lock_guard lock(mu_);
  return effective(find_or_throw(entries_, key)).get<std::string>();
}

Result<SettingView> SettingsService::set_override(const std::string& key, const nlohmann::json& value,
                                                  const std::string& changed_by) {
  // Serialises writers through the notification too, so listeners and
  // subscribers see changes of one key in the order they were persisted.
  std::lock_guard write_lock(write_mu_);

  SettingDefinition def;
  nlohmann::json old_value;
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end()) {
      return fail(ErrorCode::not_found, fmt::format("no setting named '{}'", key), nlohmann::json{{"key", key}});
    }
    def = it->second.def;
    old_value = effective(it->second);
  }

  auto valid = validate_setting(def, value);
  if (!valid) return tl::unexpected(valid.error());
  nlohmann::json new_value = std::move(*valid);

  const store::SettingAuditRow row{key, "override_set", old_value, new_value, changed_by, iso8601(clock_.wall())};
  // Only writers change entries_, and they are serialised by write_mu_, so
  // nothing changed between the read above and the update below.
  if (auto persisted = repo_.set_override(key, new_value, row); !persisted) return tl::unexpected(persisted.error());

  SettingView view;
  {
    std::lock_guard lock(mu_);
    auto& e = entries_.at(key);
    e.override_value = new_value;
    view = view_of(key, e.def.default_value, e.override_value);
  }
  notify(key, new_value);
  bus_.publish("settings.changed", nlohmann::json{{"key", key},
                                                  {"value", new_value},
                                                  {"old_value", old_value},
                                                  {"overridden", true},
                                                  {"changed_by", changed_by}});
  return view;
}

Result<SettingView> SettingsService::remove_override(const std::string& key, const std::string& changed_by) {
  std::lock_guard write_lock(write_mu_);

  nlohmann::json old_value;
  nlohmann::json default_value;
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end()) {
      return fail(ErrorCode::not_found, fmt::format("no setting named '{}'", key), nlohmann::json{{"key", key}});
    }
    const Entry& e = it->second;
    if (!e.override_value) return view_of(key, e.def.default_value, e.override_value);  // idempotent, no audit
    old_value = effective(e);
    default_value = e.def.default_value;
  }

  const store::SettingAuditRow row{key,           "override_removed", old_value,
                                   default_value, changed_by,         iso8601(clock_.wall())};
  if (auto persisted = repo_.remove_override(key, row); !persisted) return tl::unexpected(persisted.error());

  SettingView view;
  {
    std::lock_guard lock(mu_);
    auto& e = entries_.at(key);
    e.override_value.reset();
    view = view_of(key, e.def.default_value, e.override_value);
  }
  notify(key, default_value);
  bus_.publish("settings.changed", nlohmann::json{{"key", key},
                                                  {"value", default_value},
                                                  {"old_value", old_value},
                                                  {"overridden", false},
                                                  {"changed_by", changed_by}});
  return view;
}

Result<std::vector<store::SettingAuditRow>> SettingsService::audit(int limit) const {
  return repo_.audit(limit);
}

void SettingsService::on_change(const std::string& key, Listener listener) {
  std::lock_guard lock(mu_);
  listeners_[key].push_back(std::move(listener));
}

void SettingsService::notify(const std::string& key, const nlohmann::json& value) {
  std::vector<Listener> to_call;
  {
    std::lock_guard lock(mu_);
    auto it = listeners_.find(key);
    if (it == listeners_.end()) return;
    to_call = it->second;
  }
  for (const auto& l : to_call) l(key, value);
}

SettingDefinition settings_audit_retention_setting() {
  return {.key = kSettingsAuditRetentionDays, .type = SettingType::integer, .default_value = 365, .min = 1,
          .max = 36500, .description = "Days the settings audit log keeps a change"};
}

Result<std::int64_t> prune_settings_audit(const SettingsService& settings, store::SettingsRepository& repo) {
  auto days = settings.get(kSettingsAuditRetentionDays);
  if (!days) return tl::unexpected(days.error());
  return repo.prune_audit(std::chrono::hours(24) * days->value.get<std::int64_t>());
}

}  // namespace helmarr::system
