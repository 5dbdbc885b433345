#include "app/config.h"

#include "store/database_url.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include "core/file.h"

// How a value travels: every layer (file, env, flag) yields a Raw value per
// key that carries where it came from; the last layer wins; only the winning
// value of each key is validated (a bad value that is overridden does no
// harm), but a file's schema (unknown keys and tables, wrong TOML types) is
// always checked. Every error is one line: "<key>: <reason>, got <value>
// (from <origin>)", with the value left out for secrets.

namespace helmarr::app {
namespace {

constexpr std::size_t kMinApiKeyLength = 16;
constexpr std::size_t kMaxConfigFileBytes = 1024 * 1024;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// ---- String checks ---------------------------------------------------------

bool not_empty(const std::string& s) { return !s.empty(); }

bool is_bind_address(const std::string& s) {
  if (s == "localhost") return true;
  in_addr v4{};
  in6_addr v6{};
  return inet_pton(AF_INET, s.c_str(), &v4) == 1 || inet_pton(AF_INET6, s.c_str(), &v6) == 1;
}

bool long_enough_for_api_key(const std::string& s) { return s.size() >= kMinApiKeyLength; }

// http:// or https://, a host, no spaces or control characters anywhere.
bool is_http_url(const std::string& s) {
  const std::string l = lower(s);
  std::size_t rest = 0;
  if (l.rfind("http://", 0) == 0) rest = 7;
  else if (l.rfind("https://", 0) == 0) rest = 8;
  else return false;
  if (rest >= s.size() || s[rest] == '/' || s[rest] == '?' || s[rest] == '#' || s[rest] == ':') return false;
  return std::none_of(s.begin(), s.end(), [](unsigned char c) { return c <= ' ' || c == 0x7f; });
}

bool is_database_url(const std::string& s) { return store::parse_database_url(s).has_value(); }
std::string redacted_url(std::string_view s) { return store::redact_database_url(s); }

const StringCheck kNotEmpty{not_empty, "must not be empty", ""};
const StringCheck kDatabaseUrl{is_database_url, "must be sqlite:PATH, postgres://user:pass@host:port/db or libpq keywords",
                               "`sqlite:PATH`, `postgres://…` or libpq keywords"};
const StringCheck kBindAddress{is_bind_address, "must be an IPv4 or IPv6 address or \"localhost\"",
                               "IPv4/IPv6 literal or `localhost`"};
const StringCheck kApiKeyLength{long_enough_for_api_key, "must be at least 16 characters", "at least 16 characters"};
const StringCheck kHttpUrl{is_http_url, "must be an http:// or https:// URL", "http:// or https:// URL"};

// ---- Binding a key to its Config field -------------------------------------

template <class T>
void assign(T& out, const ConfigValue& v) {
  if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::optional<std::string>>) {
    out = std::get<std::string>(v);
  } else {
    static_assert(std::is_integral_v<T>);
    out = static_cast<T>(std::get<std::int64_t>(v));  // in range: checked against min and max first
  }
}

template <class T>
ConfigValue value_of(const T& in) {
  if constexpr (std::is_same_v<T, std::string>) {
    return in;
  } else if constexpr (std::is_same_v<T, std::optional<std::string>>) {
    return in ? ConfigValue(*in) : ConfigValue();
  } else {
    static_assert(std::is_integral_v<T>);
    return static_cast<std::int64_t>(in);
  }
}

// Completes a declaration: derived names, and the field reached through the
// member path (&Config::services, &ServicesConfig::sonarr, &ApiKeyServiceConfig::url).
template <class... Path>
ConfigKey key(ConfigKey k, Path... path) {
  k.env = config_env_name(k.name);
  k.flag = config_flag_name(k.name);
  if (k.unset_text.empty()) k.unset_text = "not set";
  k.store = [=](Config& c, const ConfigValue& v) { assign((c .* ... .* path), v); };
  k.read = [=](const Config& c) { return value_of((c .* ... .* path)); };
  return k;
}

ConfigKey integer(const char* name, std::int64_t def, std::int64_t min, std::int64_t max, const char* help) {
  return {.name = name, .type = KeyType::integer, .default_value = def, .min = min, .max = max, .help = help};
}

ConfigKey service_url(const char* name, const char* help) {
  return {.name = name, .check = &kHttpUrl, .help = help};
}
ConfigKey service_secret(const char* name, const char* help) {
  return {.name = name, .secret = true, .help = help};
}

std::vector<ConfigKey> declare() {
  using S = ServicesConfig;
  using Api = ApiKeyServiceConfig;
  auto svc = &Config::services;
  return {
      key({.name = "data_dir", .default_value = std::string("./data"), .check = &kNotEmpty,
           .help = "directory for the database and state"},
          &Config::data_dir),
      key({.name = "database_url", .check = &kDatabaseUrl, .shown = redacted_url,
           .help = "the database: sqlite:PATH, or PostgreSQL as postgres://user:pass@host:port/db",
           .unset_text = "SQLite in data_dir"},
          &Config::database_url),
      key(integer("port", 8000, 1, 65535, "TCP port to listen on"), &Config::port),
      key({.name = "bind", .default_value = std::string("0.0.0.0"), .check = &kBindAddress,
           .help = "address to listen on"},
          &Config::bind),
      key({.name = "api_key", .check = &kApiKeyLength, .secret = true,
           .help = "API key; generated on first start when unset", .unset_text = "generated on first start"},
          &Config::api_key),
      key({.name = "log_level", .type = KeyType::choice, .default_value = std::string("info"),
           .allowed = {"trace", "debug", "info", "warn", "error", "critical", "off"},
           .help = "minimum level of log lines"},
          &Config::log_level),
      key({.name = "log_format", .type = KeyType::choice, .default_value = std::string("text"),
           .allowed = {"text", "json"}, .help = "log line format; json is one object per line"},
          &Config::log_format),
      key(integer("max_body_bytes", 1024 * 1024, 1024, 1073741824, "largest request body accepted, in bytes"),
          &Config::max_body_bytes),
      key(integer("threads", 2, 1, 64, "server threads"), &Config::threads),
      key({.name = "classifier_rules",
           .help = "your classifier rules file, read after the built-in rules",
           .unset_text = "built-in only"},
          &Config::classifier_rules),
      key(integer("request_timeout_seconds", 30, 1, 3600,
                  "deadline for one request; a handler still waiting is answered 504"),
          &Config::request_timeout_seconds),
      key(integer("max_connections", 1024, 1, 100000, "concurrent connections; more are refused at once"),
          &Config::max_connections),
      key(integer("worker_threads", 2, 1, 64, "threads of the worker pool that runs blocking work"),
          &Config::worker_threads),
      key(integer("worker_queue", 256, 1, 100000, "jobs that may wait for the worker pool; more are refused with 503"),
          &Config::worker_queue),
      key(service_url("services.qbittorrent.url", "qBittorrent Web UI address"), svc, &S::qbittorrent,
          &QbittorrentConfig::url),
      key({.name = "services.qbittorrent.username", .help = "qBittorrent user name"}, svc, &S::qbittorrent,
          &QbittorrentConfig::username),
      key(service_secret("services.qbittorrent.password", "qBittorrent password"), svc, &S::qbittorrent,
          &QbittorrentConfig::password),
      key(service_url("services.sabnzbd.url", "SABnzbd address"), svc, &S::sabnzbd, &Api::url),
      key(service_secret("services.sabnzbd.api_key", "SABnzbd API key"), svc, &S::sabnzbd, &Api::api_key),
      key(service_url("services.sonarr.url", "Sonarr address"), svc, &S::sonarr, &Api::url),
      key(service_secret("services.sonarr.api_key", "Sonarr API key"), svc, &S::sonarr, &Api::api_key),
      key(service_url("services.radarr.url", "Radarr address"), svc, &S::radarr, &Api::url),
      key(service_secret("services.radarr.api_key", "Radarr API key"), svc, &S::radarr, &Api::api_key),
      key(service_url("services.plex.url", "Plex Media Server address"), svc, &S::plex, &PlexConfig::url),
      key(service_secret("services.plex.token", "Plex token (X-Plex-Token)"), svc, &S::plex, &PlexConfig::token),
      key(service_secret("services.tmdb.api_key", "TMDB API key"), svc, &S::tmdb, &TmdbConfig::api_key),
  };
}

// ---- Values and their errors -----------------------------------------------

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

std::string shown(const ConfigKey& k, const Raw& raw) {
  if (const auto* s = std::get_if<std::string>(&raw.value)) return quoted(k.shown ? k.shown(*s) : *s);
  return std::to_string(std::get<std::int64_t>(raw.value));
}

tl::unexpected<Error> bad_value(const ConfigKey& k, std::string_view reason, const Raw& raw) {
  if (k.secret) return invalid(fmt::format("{}: {} (from {})", k.name, reason, raw.origin));
  return invalid(fmt::format("{}: {}, got {} (from {})", k.name, reason, shown(k, raw), raw.origin));
}

std::optional<std::int64_t> parse_int_strict(const std::string& s) {
  std::int64_t v = 0;
  const char* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, v);
  if (s.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return v;
}

Result<std::int64_t> int_in_range(const ConfigKey& k, const Raw& raw) {
  std::optional<std::int64_t> v;
  if (const auto* s = std::get_if<std::string>(&raw.value)) {
    v = parse_int_strict(*s);
  } else {
    v = std::get<std::int64_t>(raw.value);
  }
  if (!v) return bad_value(k, fmt::format("must be an integer between {} and {}", k.min, k.max), raw);
  if (*v < k.min || *v > k.max) return bad_value(k, fmt::format("must be between {} and {}", k.min, k.max), raw);
  return *v;
}

// "a, b or c"
std::string either(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += words[i];
  }
  return out;
}

std::string choice_reason(const ConfigKey& k) {
  return (k.allowed.size() > 2 ? "must be one of " : "must be ") + either(k.allowed);
}

// Checks the winning value of `k` and stores it in `config`.
Result<void> apply(Config& config, const ConfigKey& k, const Raw& raw) {
  ConfigValue value;
  if (k.type == KeyType::integer) {
    auto v = int_in_range(k, raw);
    if (!v) return tl::unexpected(v.error());
    value = *v;
  } else {
    const std::string& s = std::get<std::string>(raw.value);  // the file layer checked the TOML type
    if (k.type == KeyType::choice) {
      const std::string l = lower(s);
      if (std::find(k.allowed.begin(), k.allowed.end(), l) == k.allowed.end())
        return bad_value(k, choice_reason(k), raw);
      value = l;
    } else {
      if (k.check != nullptr && !k.check->ok(s)) return bad_value(k, k.check->reason, raw);
      value = s;
    }
  }
  k.store(config, value);
  config.sources[k.name] = raw.source;
  return {};
}

// ---- The file --------------------------------------------------------------

// "services" and "services.sonarr" for a key "services.sonarr.url".
bool is_table_of_keys(std::string_view path) {
  return std::any_of(config_table().begin(), config_table().end(), [&](const ConfigKey& k) {
    return k.name.size() > path.size() && k.name.compare(0, path.size(), path) == 0 && k.name[path.size()] == '.';
  });
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

// The closest key or table name, for a misspelling of it.
std::string suggestion(std::string_view unknown) {
  std::string best;
  std::size_t best_d = 3;  // suggest only close misspellings
  auto consider = [&](std::string_view candidate) {
    const auto d = edit_distance(unknown, candidate);
    if (d < best_d) best_d = d, best = candidate;
  };
  for (const auto& k : config_table()) {
    consider(k.name);
    for (auto dot = k.name.find('.'); dot != std::string::npos; dot = k.name.find('.', dot + 1))
      consider(std::string_view(k.name).substr(0, dot));
  }
  return best.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", best);
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

// Reads one TOML table into `raws`; `prefix` is its dotted path ("" at top).
Result<void> read_table(const toml::table& table, const std::string& prefix, const std::string& path,
                        std::map<std::string, Raw>& raws) {
  for (auto&& [toml_key, node] : table) {
    const std::string name = prefix.empty() ? std::string(toml_key.str()) : prefix + "." + std::string(toml_key.str());
    const std::string origin = fmt::format("file {} line {}", path, node.source().begin.line);
    const ConfigKey* info = find_config_key(name);
    if (info == nullptr) {
      if (!is_table_of_keys(name)) return invalid(fmt::format("{}: unknown key '{}'{}", path, name, suggestion(name)));
      if (!node.is_table())
        return invalid(fmt::format("{}: must be a table, got {} (from {})", name, describe_node(node, false), origin));
      if (auto r = read_table(*node.as_table(), name, path, raws); !r) return r;
      continue;
    }
    Raw raw;
    raw.source = Source::file;
    raw.origin = origin;
    if (info->type == KeyType::integer) {
      if (!node.is_integer())
        return invalid(
            fmt::format("{}: must be an integer, got {} (from {})", name, describe_node(node, info->secret), origin));
      raw.value = node.as_integer()->get();
    } else {
      if (!node.is_string())
        return invalid(
            fmt::format("{}: must be a string, got {} (from {})", name, describe_node(node, info->secret), origin));
      raw.value = node.as_string()->get();
    }
    raws[name] = std::move(raw);
  }
  return {};
}

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
  return read_table(table, "", path, raws);
}

// ---- Showing ---------------------------------------------------------------

bool is_unset(const ConfigValue& v) {
  if (std::holds_alternative<std::monostate>(v)) return true;
  const auto* s = std::get_if<std::string>(&v);
  return s != nullptr && s->empty();
}

std::string plain(const ConfigValue& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return "";
}

// The limits of a key in words: "1–65535", "text, json", "secret".
std::string constraints(const ConfigKey& k) {
  std::vector<std::string> parts;
  if (k.type == KeyType::integer) parts.push_back(fmt::format("{}–{}", k.min, k.max));
  if (k.type == KeyType::choice) parts.push_back(fmt::format("{}", fmt::join(k.allowed, ", ")));
  if (k.check != nullptr && *k.check->summary != '\0') parts.emplace_back(k.check->summary);
  if (k.secret) parts.emplace_back("secret");
  return fmt::format("{}", fmt::join(parts, "; "));
}

}  // namespace

// ---- Public ----------------------------------------------------------------

const std::vector<ConfigKey>& config_table() {
  static const std::vector<ConfigKey> table = declare();
  return table;
}

const ConfigKey* find_config_key(std::string_view name) {
  for (const auto& k : config_table())
    if (k.name == name) return &k;
  return nullptr;
}

Config::Config() {
  for (const auto& k : config_table())
    if (!std::holds_alternative<std::monostate>(k.default_value)) k.store(*this, k.default_value);
}

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
    for (const auto& k : config_table()) out.push_back(k.name);
    return out;
  }();
  return keys;
}

namespace {
// The name the environment and the flags use: without "services.".
std::string outside_name(const std::string& key) {
  constexpr std::string_view kServices = "services.";
  return key.rfind(kServices, 0) == 0 ? key.substr(kServices.size()) : key;
}
}  // namespace

std::string config_env_name(const std::string& key) {
  std::string out = "HELMARR_";
  for (unsigned char c : outside_name(key)) out.push_back(c == '.' ? '_' : static_cast<char>(std::toupper(c)));
  return out;
}

std::string config_flag_name(const std::string& key) {
  std::string out = "--" + outside_name(key);
  std::replace_if(out.begin(), out.end(), [](char c) { return c == '_' || c == '.'; }, '-');
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
    for (const auto& k : config_table()) {
      auto value = env(k.env);
      if (!value || value->empty()) continue;
      raws[k.name] = Raw{std::move(*value), Source::env, "env " + k.env};
    }
  }

  // 3. Command-line flags.
  for (const auto& [name, value] : overrides.flags) {
    const ConfigKey* k = find_config_key(name);
    if (k == nullptr) return invalid(fmt::format("unknown config key '{}'", name));
    raws[name] = Raw{value, Source::flag, "flag " + k->flag};
  }

  for (const auto& k : config_table()) config.sources[k.name] = Source::default_value;
  for (const auto& k : config_table()) {
    auto it = raws.find(k.name);
    if (it == raws.end()) continue;
    if (auto r = apply(config, k, it->second); !r) return tl::unexpected(r.error());
  }
  return config;
}

std::string render_config(const Config& config) {
  std::vector<std::array<std::string, 3>> rows;
  rows.push_back({"KEY", "VALUE", "SOURCE"});
  for (const auto& k : config_table()) {
    const ConfigValue v = k.read(config);
    std::string value = is_unset(v)  ? "(" + k.unset_text + ")"
                        : k.secret   ? "(redacted)"
                        : k.shown    ? k.shown(plain(v))
                                     : plain(v);
    auto it = config.sources.find(k.name);
    rows.push_back({k.name, value, source_name(it == config.sources.end() ? Source::default_value : it->second)});
  }
  std::size_t w0 = 0, w1 = 0;
  for (const auto& r : rows) w0 = std::max(w0, r[0].size()), w1 = std::max(w1, r[1].size());
  std::string out =
      fmt::format("config file: {}\n", config.config_file.empty() ? std::string("(none)") : config.config_file);
  for (const auto& r : rows) out += fmt::format("{:<{}}  {:<{}}  {}\n", r[0], w0, r[1], w1, r[2]);
  return out;
}

std::string config_key_help(const ConfigKey& k) {
  const std::string c = constraints(k);
  return c.empty() ? k.help : fmt::format("{} ({})", k.help, c);
}

std::string render_config_table() {
  auto cell = [](std::string s) {  // a '|' would end the cell
    std::string out;
    for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
  };
  std::string out = "| key | flag | environment | default | meaning |\n|---|---|---|---|---|\n";
  for (const auto& k : config_table()) {
    const std::string def = is_unset(k.default_value) ? k.unset_text : "`" + plain(k.default_value) + "`";
    out += fmt::format("| `{}` | `{}` | `{}` | {} | {} |\n", k.name, k.flag, k.env, cell(def), cell(config_key_help(k)));
  }
  return out;
}

int startup_exit_code(const Error& error) { return error.code == ErrorCode::invalid_request ? 2 : 1; }

}  // namespace helmarr::app
