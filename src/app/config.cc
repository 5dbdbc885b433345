#include "app/config.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <variant>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include "core/file.h"
#include "core/log.h"

// How a value travels: every layer (file, env, flag) yields a Raw value per
// key that carries where it came from; the last layer wins; only the winning
// value of each key is validated (a bad value that is overridden does no
// harm), but a file's schema (unknown keys, wrong TOML types) is always
// checked. Every error is one line: "<key>: <reason>, got <value> (from
// <origin>)", with the value left out for secrets.

namespace helmarr::app {
namespace {

enum class Kind { string, integer };

struct KeyInfo {
  const char* name;
  Kind kind;
  bool secret;
};

constexpr KeyInfo kKeys[] = {
    {"data_dir", Kind::string, false},       {"port", Kind::integer, false},
    {"bind", Kind::string, false},           {"api_key", Kind::string, true},
    {"log_level", Kind::string, false},      {"log_format", Kind::string, false},
    {"max_body_bytes", Kind::integer, false}, {"threads", Kind::integer, false},
    {"classifier_rules", Kind::string, false},
};

constexpr std::size_t kMinApiKeyLength = 16;
constexpr std::size_t kMaxConfigFileBytes = 1024 * 1024;

const KeyInfo* find_key(std::string_view name) {
  for (const auto& k : kKeys)
    if (name == k.name) return &k;
  return nullptr;
}

struct Raw {
  std::variant<std::string, std::int64_t> value;  // env and flags are always strings
  Source source = Source::default_value;
  std::string origin;  // "file helmarr.toml line 3", "env HELMARR_PORT", "flag --port"
};

tl::unexpected<Error> invalid(std::string message) {
  return fail(ErrorCode::invalid_request, std::move(message));
}

// JSON quoting keeps the message on one line whatever the value holds.
std::string quoted(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string shown(const Raw& raw) {
  if (const auto* s = std::get_if<std::string>(&raw.value)) return quoted(*s);
  return std::to_string(std::get<std::int64_t>(raw.value));
}

tl::unexpected<Error> bad_value(const char* key, std::string_view reason, const Raw& raw) {
  const KeyInfo* info = find_key(key);
  if (info != nullptr && info->secret) return invalid(fmt::format("{}: {} (from {})", key, reason, raw.origin));
  return invalid(fmt::format("{}: {}, got {} (from {})", key, reason, shown(raw), raw.origin));
}

std::optional<std::int64_t> parse_int_strict(const std::string& s) {
  std::int64_t v = 0;
  const char* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, v);
  if (s.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return v;
}

Result<std::int64_t> int_in_range(const char* key, const Raw& raw, std::int64_t lo, std::int64_t hi) {
  std::optional<std::int64_t> v;
  if (const auto* s = std::get_if<std::string>(&raw.value)) {
    v = parse_int_strict(*s);
  } else {
    v = std::get<std::int64_t>(raw.value);
  }
  if (!v) return bad_value(key, fmt::format("must be an integer between {} and {}", lo, hi), raw);
  if (*v < lo || *v > hi) return bad_value(key, fmt::format("must be between {} and {}", lo, hi), raw);
  return *v;
}

const std::string& string_of(const Raw& raw) { return std::get<std::string>(raw.value); }

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool is_bind_address(const std::string& s) {
  if (s == "localhost") return true;
  in_addr v4{};
  in6_addr v6{};
  return inet_pton(AF_INET, s.c_str(), &v4) == 1 || inet_pton(AF_INET6, s.c_str(), &v6) == 1;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string suggestion(std::string_view unknown) {
  const KeyInfo* best = nullptr;
  std::size_t best_d = 3;  // suggest only close misspellings
  for (const auto& k : kKeys) {
    const auto d = edit_distance(unknown, k.name);
    if (d < best_d) best_d = d, best = &k;
  }
  return best ? fmt::format(" (did you mean '{}'?)", best->name) : std::string();
}

// "a string \"x\"" / "an integer 5" / "a table"; values of secrets left out.
std::string describe_node(const toml::node& node, bool secret) {
  if (node.is_string()) return secret ? "a string" : "a string " + quoted(node.as_string()->get());
  if (secret) return "a value of another type";
  if (node.is_integer()) return fmt::format("an integer {}", node.as_integer()->get());
  if (node.is_floating_point()) {
    std::ostringstream os;
    os << *node.as_floating_point();
    return "a float " + os.str();
  }
  if (node.is_boolean()) return fmt::format("a boolean {}", node.as_boolean()->get());
  if (node.is_table()) return "a table";
  if (node.is_array()) return "an array";
  std::ostringstream os;  // what is left: dates and times, one line each
  if (const auto* d = node.as_date()) os << *d;
  else if (const auto* t = node.as_time()) os << *t;
  else if (const auto* dt = node.as_date_time()) os << *dt;
  return fmt::format("a date/time {}", os.str());
}

// Reads the TOML file's top-level keys into `raws`.
Result<void> read_file_layer(const std::string& path, std::map<std::string, Raw>& raws) {
  auto text = read_file(path, kMaxConfigFileBytes);
  if (!text) return invalid("config file " + text.error().message);
  toml::table table;
  try {
    table = toml::parse(*text, path);
  } catch (const toml::parse_error& e) {
    return invalid(fmt::format("{}: TOML syntax error at line {}, column {}: {}", path, e.source().begin.line,
                               e.source().begin.column, e.description()));
  }
  for (auto&& [key, node] : table) {
    const std::string name(key.str());
    const KeyInfo* info = find_key(name);
    if (info == nullptr) return invalid(fmt::format("{}: unknown key '{}'{}", path, name, suggestion(name)));
    Raw raw;
    raw.source = Source::file;
    raw.origin = fmt::format("file {} line {}", path, node.source().begin.line);
    if (info->kind == Kind::integer) {
      if (!node.is_integer())
        return invalid(
            fmt::format("{}: must be an integer, got {} (from {})", name, describe_node(node, info->secret), raw.origin));
      raw.value = node.as_integer()->get();
    } else {
      if (!node.is_string())
        return invalid(
            fmt::format("{}: must be a string, got {} (from {})", name, describe_node(node, info->secret), raw.origin));
      raw.value = node.as_string()->get();
    }
    raws[name] = std::move(raw);
  }
  return {};
}

// Checks the winning value of `key` and stores it in `config`.
Result<void> apply(Config& config, const std::string& key, const Raw& raw) {
  if (key == "data_dir") {
    if (string_of(raw).empty()) return bad_value("data_dir", "must not be empty", raw);
    config.data_dir = string_of(raw);
  } else if (key == "port") {
    auto v = int_in_range("port", raw, 1, 65535);
    if (!v) return tl::unexpected(v.error());
    config.port = static_cast<std::uint16_t>(*v);
  } else if (key == "bind") {
    if (!is_bind_address(string_of(raw)))
      return bad_value("bind", "must be an IPv4 or IPv6 address or \"localhost\"", raw);
    config.bind = string_of(raw);
  } else if (key == "api_key") {
    if (string_of(raw).size() < kMinApiKeyLength)
      return bad_value("api_key", fmt::format("must be at least {} characters", kMinApiKeyLength), raw);
    config.api_key = string_of(raw);
  } else if (key == "log_level") {
    if (!log::parse_level(string_of(raw)))
      return bad_value("log_level", "must be one of trace, debug, info, warn, error, critical or off", raw);
    config.log_level = lower(string_of(raw));
  } else if (key == "log_format") {
    if (!log::parse_format(string_of(raw))) return bad_value("log_format", "must be text or json", raw);
    config.log_format = lower(string_of(raw));
  } else if (key == "max_body_bytes") {
    auto v = int_in_range("max_body_bytes", raw, 1024, 1073741824);
    if (!v) return tl::unexpected(v.error());
    config.max_body_bytes = *v;
  } else if (key == "threads") {
    auto v = int_in_range("threads", raw, 1, 64);
    if (!v) return tl::unexpected(v.error());
    config.threads = static_cast<int>(*v);
  } else if (key == "classifier_rules") {
    config.classifier_rules = string_of(raw);  // read (and checked) where the classifier is built
  }
  config.sources[key] = raw.source;
  return {};
}

}  // namespace

const char* source_name(Source s) {
  switch (s) {
    case Source::default_value: return "default";
    case Source::file: return "file";
    case Source::env: return "env";
    case Source::flag: return "flag";
  }
  return "default";
}

const std::vector<std::string>& config_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> out;
    for (const auto& k : kKeys) out.emplace_back(k.name);
    return out;
  }();
  return keys;
}

std::string config_env_name(const std::string& key) {
  std::string out = "HELMARR_";
  for (unsigned char c : key) out.push_back(static_cast<char>(std::toupper(c)));
  return out;
}

std::string config_flag_name(const std::string& key) {
  std::string out = "--" + key;
  std::replace(out.begin(), out.end(), '_', '-');
  return out;
}

Result<Config> load_config(const Overrides& overrides,
                           const std::function<std::optional<std::string>(const std::string&)>& env) {
  Config config;
  std::map<std::string, Raw> raws;  // the winning value per key, layer by layer

  // 1. The file: --config must be readable; ./helmarr.toml only when present.
  std::optional<std::string> path = overrides.config_path;
  if (!path) {
    std::error_code ec;
    if (std::filesystem::exists("helmarr.toml", ec)) path = "helmarr.toml";
  }
  if (path) {
    if (auto r = read_file_layer(*path, raws); !r) return tl::unexpected(r.error());
    config.config_file = *path;
  }

  // 2. The environment. An empty variable counts as unset (HELMARR_API_KEY=
  // in a compose file means "no key"), as most daemons treat it.
  if (env) {
    for (const auto& k : kKeys) {
      const std::string var = config_env_name(k.name);
      auto value = env(var);
      if (!value || value->empty()) continue;
      raws[k.name] = Raw{std::move(*value), Source::env, "env " + var};
    }
  }

  // 3. Command-line flags.
  for (const auto& [key, value] : overrides.flags) {
    if (find_key(key) == nullptr) return invalid(fmt::format("unknown config key '{}'", key));
    raws[key] = Raw{value, Source::flag, "flag " + config_flag_name(key)};
  }

  for (const auto& k : kKeys) config.sources[k.name] = Source::default_value;
  for (const auto& k : kKeys) {
    auto it = raws.find(k.name);
    if (it == raws.end()) continue;
    if (auto r = apply(config, k.name, it->second); !r) return tl::unexpected(r.error());
  }
  return config;
}

std::string render_config(const Config& config) {
  std::vector<std::array<std::string, 3>> rows;
  rows.push_back({"KEY", "VALUE", "SOURCE"});
  for (const auto& key : config_keys()) {
    std::string value;
    if (key == "data_dir") value = config.data_dir;
    else if (key == "port") value = std::to_string(config.port);
    else if (key == "bind") value = config.bind;
    else if (key == "api_key") value = config.api_key ? "(redacted)" : "(generated on first start)";
    else if (key == "log_level") value = config.log_level;
    else if (key == "log_format") value = config.log_format;
    else if (key == "max_body_bytes") value = std::to_string(config.max_body_bytes);
    else if (key == "threads") value = std::to_string(config.threads);
    else if (key == "classifier_rules") value = config.classifier_rules.empty() ? "(built-in only)" : config.classifier_rules;
    auto it = config.sources.find(key);
    rows.push_back({key, value, source_name(it == config.sources.end() ? Source::default_value : it->second)});
  }
  std::size_t w0 = 0, w1 = 0;
  for (const auto& r : rows) w0 = std::max(w0, r[0].size()), w1 = std::max(w1, r[1].size());
  std::string out =
      fmt::format("config file: {}\n", config.config_file.empty() ? std::string("(none)") : config.config_file);
  for (const auto& r : rows) out += fmt::format("{:<{}}  {:<{}}  {}\n", r[0], w0, r[1], w1, r[2]);
  return out;
}

}  // namespace helmarr::app
