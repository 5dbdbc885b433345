#pragma once
// Startup configuration. Precedence: built-in defaults < helmarr.toml
// (--config, else ./helmarr.toml when present) < HELMARR_* environment <
// command-line flags. Every value remembers where it came from, for
// `helmarr config show`.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace helmarr::app {

enum class Source { default_value, file, env, flag };
const char* source_name(Source s);  // "default" | "file" | "env" | "flag"

struct Config {
  std::string data_dir = "./data";
  std::uint16_t port = 8000;
  std::string bind = "0.0.0.0";
  std::optional<std::string> api_key;  // secret: redacted in every output
  std::string log_level = "info";
  std::string log_format = "text";
  std::int64_t max_body_bytes = 1024 * 1024;
  int threads = 2;
  std::int64_t request_timeout_seconds = 30;
  std::int64_t max_connections = 1024;
  int worker_threads = 2;
  std::int64_t worker_queue = 256;
  std::string classifier_rules;  // operator's classifier rules file, read after the built-in one; "" = none
  std::map<std::string, Source> sources;  // key → where the effective value came from
  std::string config_file;                // the file read, "" when none
};

// Values given on the command line (unset = not given) and the environment.
struct Overrides {
  std::map<std::string, std::string> flags;  // key → raw value, e.g. {"port", "8080"}
  std::optional<std::string> config_path;    // --config
};

// The keys, in display order, with their env names: data_dir ↔ HELMARR_DATA_DIR.
const std::vector<std::string>& config_keys();
// The environment variable and command-line flag of a key:
// "data_dir" → "HELMARR_DATA_DIR" and "--data-dir".
std::string config_env_name(const std::string& key);
std::string config_flag_name(const std::string& key);

// Loads and validates. Fails with one message naming the key and the reason
// ("port: must be between 1 and 65535, got 0 (from env HELMARR_PORT)").
// env: a lookup, so tests pass their own environment.
Result<Config> load_config(const Overrides& overrides,
                           const std::function<std::optional<std::string>(const std::string&)>& env);

// Table for `helmarr config show`: key, effective value (secrets redacted), source.
std::string render_config(const Config& config);

}  // namespace helmarr::app
