#pragma once
// Startup configuration. Precedence: built-in defaults < helmarr.toml
// (--config, else ./helmarr.toml when present) < HELMARR_* environment <
// command-line flags. Every value remembers where it came from, for
// `helmarr config show`.
//
// Every key is declared once, in config_table() (config.cc): its name, type,
// default, range or allowed values, whether it is secret, help, and the Config
// field it fills. The loader, the validation, `config show`, the CLI flags and
// the README's table (render_config_table(), checked by a test) all read that
// declaration; adding a key is adding one entry there and its field here.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace helmarr::app {

enum class Source { default_value, file, env, flag };
const char* source_name(Source s);  // "default" | "file" | "env" | "flag"

// Upstream services, from the TOML tables [services.<name>] (env
// HELMARR_<NAME>_<FIELD>, flag --<name>-<field>). "" = not configured; a url
// that is set is an http:// or https:// URL. api_key, password and token are
// secrets: redacted in every output.
struct QbittorrentConfig {
  std::string url, username, password;
};
struct ApiKeyServiceConfig {  // SABnzbd, Sonarr, Radarr
  std::string url, api_key;
};
struct PlexConfig {
  std::string url, token;
};
struct TmdbConfig {
  std::string api_key;
};
struct ServicesConfig {
  QbittorrentConfig qbittorrent;
  ApiKeyServiceConfig sabnzbd, sonarr, radarr;
  PlexConfig plex;
  TmdbConfig tmdb;
};

struct Config {
  Config();  // every field at its declared default

  std::string data_dir;
  std::string database_url;  // "" = sqlite in data_dir; shown with its password redacted
  std::uint16_t port = 0;
  std::string bind;
  std::optional<std::string> api_key;  // secret: redacted in every output; unset = generated on first start
  std::string log_level;
  std::string log_format;
  std::int64_t max_body_bytes = 0;
  int threads = 0;
  std::string classifier_rules;  // operator's classifier rules file, read after the built-in one; "" = none
  int request_timeout_seconds = 0;  // deadline of one request (504 after it)
  int max_connections = 0;          // concurrent connections; more are refused
  int worker_threads = 0;           // threads of the blocking-work pool
  int worker_queue = 0;             // jobs that may wait for the pool; more get 503
  ServicesConfig services;

  std::map<std::string, Source> sources;  // key → where the effective value came from
  std::string config_file;                // the file read, "" when none
};

// Values given on the command line (unset = not given) and the environment.
struct Overrides {
  std::map<std::string, std::string> flags;  // key → raw value, e.g. {"port", "8080"}
  std::optional<std::string> config_path;    // --config
};

// ---- The declaration -------------------------------------------------------

using ConfigValue = std::variant<std::monostate, std::string, std::int64_t>;  // monostate = unset

enum class KeyType {
  string,   // any string; `check` may restrict it
  integer,  // between min and max
  choice,   // one of `allowed`, case-insensitive, stored in lower case
};

// Extra rule for a string key: ok() says whether a value passes, reason is the
// error ("must be ..."), summary the README's words for it ("" = none).
struct StringCheck {
  bool (*ok)(const std::string&);
  const char* reason;
  const char* summary;
};

struct ConfigKey {
  std::string name;  // "port", or dotted: "services.sonarr.url" is [services.sonarr] url = ...
  KeyType type = KeyType::string;
  ConfigValue default_value;
  std::int64_t min = 0, max = 0;     // integer
  std::vector<std::string> allowed;  // choice, in lower case
  const StringCheck* check = nullptr;
  bool secret = false;
  // For a value that holds a secret part (a database URL's password): what
  // is shown of it, in errors and `config show`.
  std::string (*shown)(std::string_view) = nullptr;
  std::string help;        // one phrase, for --help and the README
  std::string unset_text;  // shown for no value: "generated on first start"
  std::string env;         // derived from name: HELMARR_PORT, HELMARR_SONARR_URL
  std::string flag;        // derived from name: --port, --sonarr-url
  // The Config field the key fills.
  std::function<void(Config&, const ConfigValue&)> store;
  std::function<ConfigValue(const Config&)> read;
};

// Every key, in display order.
const std::vector<ConfigKey>& config_table();
const ConfigKey* find_config_key(std::string_view name);

// The help of a key with its limits: "TCP port to listen on (1–65535)".
std::string config_key_help(const ConfigKey& k);

// The key names, in display order.
const std::vector<std::string>& config_keys();
// The environment variable and command-line flag of a key, the same rule for
// all: a leading "services." is dropped, then "data_dir" → "HELMARR_DATA_DIR"
// and "--data-dir", "services.sonarr.api_key" → "HELMARR_SONARR_API_KEY" and
// "--sonarr-api-key".
std::string config_env_name(const std::string& key);
std::string config_flag_name(const std::string& key);

// ---- Loading and showing ---------------------------------------------------

// Loads and validates. Fails with one message naming the key and the reason
// ("port: must be between 1 and 65535, got 0 (from env HELMARR_PORT)"), with
// ErrorCode::invalid_request. env: a lookup, so tests pass their own environment.
Result<Config> load_config(const Overrides& overrides,
                           const std::function<std::optional<std::string>(const std::string&)>& env);

// Table for `helmarr config show`: key, effective value (secrets redacted), source.
std::string render_config(const Config& config);

// The README's configuration table (markdown), from the declaration:
// `helmarr config table` prints it, a test compares it with README.md.
std::string render_config_table();

// Exit code for a failed start: configuration problems (ErrorCode::
// invalid_request: a bad value, rules file or data directory) give 2, as for
// a bad flag; anything else is a runtime failure, 1.
int startup_exit_code(const Error& error);

}  // namespace helmarr::app
