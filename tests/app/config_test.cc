#include "app/config.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

namespace helmarr::app {
namespace {

namespace fs = std::filesystem;

const std::string kSecret = "s3cr3t-api-key-0123456789abcdef";  // valid (>= 16 chars)

using Env = std::map<std::string, std::string>;

std::function<std::optional<std::string>(const std::string&)> env_of(Env env) {
  return [env = std::move(env)](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
}

// A fresh directory under HELMARR_TEST_TMP (or /tmp); the test runs with it as
// the working directory so ./helmarr.toml discovery is under control.
class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* base = std::getenv("HELMARR_TEST_TMP");
    fs::path root = base && *base ? fs::path(base) : fs::temp_directory_path();
    std::random_device rd;
    dir_ = root / ("config_test_" + std::to_string(::getpid()) + "_" + std::to_string(rd()));
    fs::create_directories(dir_);
    old_cwd_ = fs::current_path();
    fs::current_path(dir_);
  }
  void TearDown() override {
    fs::current_path(old_cwd_);
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }
  Result<Config> load(Env env = {}, std::map<std::string, std::string> flags = {},
                      std::optional<std::string> config_path = std::nullopt) {
    Overrides o;
    o.flags = std::move(flags);
    o.config_path = std::move(config_path);
    return load_config(o, env_of(std::move(env)));
  }
  fs::path dir_, old_cwd_;
};

void expect_one_line(const std::string& s) { EXPECT_EQ(s.find('\n'), std::string::npos) << s; }

TEST(ConfigNames, KeysEnvAndFlagNames) {
  EXPECT_EQ(config_keys(),
            (std::vector<std::string>{"data_dir",
                                      "database_url",
                                      "port",
                                      "bind",
                                      "api_key",
                                      "log_level",
                                      "log_format",
                                      "max_body_bytes",
                                      "threads",
                                      "classifier_rules",
                                      "request_timeout_seconds",
                                      "max_connections",
                                      "worker_threads",
                                      "worker_queue",
                                      "services.qbittorrent.url",
                                      "services.qbittorrent.username",
                                      "services.qbittorrent.password",
                                      "services.sabnzbd.url",
                                      "services.sabnzbd.api_key",
                                      "services.sonarr.url",
                                      "services.sonarr.api_key",
                                      "services.radarr.url",
                                      "services.radarr.api_key",
                                      "services.plex.url",
                                      "services.plex.token",
                                      "services.tmdb.api_key"}));
  EXPECT_EQ(config_env_name("data_dir"), "HELMARR_DATA_DIR");
  EXPECT_EQ(config_env_name("max_body_bytes"), "HELMARR_MAX_BODY_BYTES");
  EXPECT_EQ(config_flag_name("data_dir"), "--data-dir");
  EXPECT_EQ(config_flag_name("port"), "--port");
  // Services: the "services." prefix is dropped outside the file.
  EXPECT_EQ(config_env_name("services.sonarr.url"), "HELMARR_SONARR_URL");
  EXPECT_EQ(config_env_name("services.sonarr.api_key"), "HELMARR_SONARR_API_KEY");
  EXPECT_EQ(config_flag_name("services.sonarr.url"), "--sonarr-url");
  EXPECT_EQ(config_flag_name("services.sonarr.api_key"), "--sonarr-api-key");
  EXPECT_EQ(config_env_name("services.tmdb.api_key"), "HELMARR_TMDB_API_KEY");
  EXPECT_EQ(config_flag_name("services.qbittorrent.password"), "--qbittorrent-password");
  EXPECT_STREQ(source_name(Source::default_value), "default");
  EXPECT_STREQ(source_name(Source::file), "file");
  EXPECT_STREQ(source_name(Source::env), "env");
  EXPECT_STREQ(source_name(Source::flag), "flag");
}

TEST_F(ConfigTest, DefaultsWhenNothingGiven) {
  auto c = load();
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->data_dir, "./data");
  EXPECT_EQ(c->database_url, "");
  EXPECT_EQ(c->port, 8000);
  EXPECT_EQ(c->bind, "0.0.0.0");
  EXPECT_FALSE(c->api_key);
  EXPECT_EQ(c->log_level, "info");
  EXPECT_EQ(c->log_format, "text");
  EXPECT_EQ(c->max_body_bytes, 1024 * 1024);
  EXPECT_EQ(c->threads, 2);
  EXPECT_EQ(c->classifier_rules, "");
  EXPECT_EQ(c->request_timeout_seconds, 30);
  EXPECT_EQ(c->max_connections, 1024);
  EXPECT_EQ(c->worker_threads, 2);
  EXPECT_EQ(c->worker_queue, 256);
  EXPECT_EQ(c->services.sonarr.url, "");
  EXPECT_EQ(c->services.sonarr.api_key, "");
  EXPECT_EQ(c->services.qbittorrent.password, "");
  EXPECT_EQ(c->services.tmdb.api_key, "");
  EXPECT_EQ(c->config_file, "");
  ASSERT_EQ(c->sources.size(), config_keys().size());
  for (const auto& k : config_keys()) EXPECT_EQ(c->sources.at(k), Source::default_value) << k;
}

// For every key: a file value, an env value and a flag value, each layer on
// top of the previous one.
struct Layered {
  std::string key, file_toml, env_value, flag_value;
};
const Layered kLayered[] = {
    {"data_dir", "\"/file/data\"", "/env/data", "/flag/data"},
    {"database_url", "\"sqlite:/file/h.db\"", "sqlite:/env/h.db", "postgres://u:p@flag.lan/helmarr"},
    {"port", "7001", "7002", "7003"},
    {"bind", "\"127.0.0.1\"", "::1", "localhost"},
    {"api_key", "\"file-key-0123456789\"", "env-key-0123456789", "flag-key-0123456789"},
    {"log_level", "\"debug\"", "warn", "error"},
    {"log_format", "\"json\"", "text", "json"},
    {"max_body_bytes", "2048", "4096", "8192"},
    {"threads", "3", "4", "5"},
    {"classifier_rules", "\"/file/rules.toml\"", "/env/rules.toml", "/flag/rules.toml"},
    {"request_timeout_seconds", "10", "20", "3600"},
    {"max_connections", "100", "200", "100000"},
    {"worker_threads", "1", "8", "64"},
    {"worker_queue", "1", "50", "100000"},
    {"services.qbittorrent.url", "\"http://qb:8080\"", "http://qb-env:8080", "https://qb-flag"},
    {"services.qbittorrent.username", "\"admin\"", "env-user", "flag-user"},
    {"services.qbittorrent.password", "\"file-pass\"", "env-pass", "flag-pass"},
    {"services.sabnzbd.url", "\"http://sab:8080/sabnzbd\"", "http://sab-env", "https://sab-flag"},
    {"services.sabnzbd.api_key", "\"file-sab-key\"", "env-sab-key", "flag-sab-key"},
    {"services.sonarr.url", "\"http://sonarr:8989\"", "http://sonarr-env:8989", "https://sonarr.flag/base"},
    {"services.sonarr.api_key", "\"file-sonarr-key\"", "env-sonarr-key", "flag-sonarr-key"},
    {"services.radarr.url", "\"http://radarr:7878\"", "http://radarr-env", "https://radarr-flag"},
    {"services.radarr.api_key", "\"file-radarr-key\"", "env-radarr-key", "flag-radarr-key"},
    {"services.plex.url", "\"http://plex:32400\"", "http://plex-env:32400", "https://plex-flag"},
    {"services.plex.token", "\"file-plex-token\"", "env-plex-token", "flag-plex-token"},
    {"services.tmdb.api_key", "\"file-tmdb-key\"", "env-tmdb-key", "flag-tmdb-key"},
};

std::string value_of(const Config& c, const std::string& key) {
  if (key == "data_dir") return c.data_dir;
  if (key == "database_url") return c.database_url;
  if (key == "port") return std::to_string(c.port);
  if (key == "bind") return c.bind;
  if (key == "api_key") return c.api_key.value_or("<none>");
  if (key == "log_level") return c.log_level;
  if (key == "log_format") return c.log_format;
  if (key == "max_body_bytes") return std::to_string(c.max_body_bytes);
  if (key == "threads") return std::to_string(c.threads);
  if (key == "classifier_rules") return c.classifier_rules;
  if (key == "request_timeout_seconds") return std::to_string(c.request_timeout_seconds);
  if (key == "max_connections") return std::to_string(c.max_connections);
  if (key == "worker_threads") return std::to_string(c.worker_threads);
  if (key == "worker_queue") return std::to_string(c.worker_queue);
  const auto& s = c.services;
  if (key == "services.qbittorrent.url") return s.qbittorrent.url;
  if (key == "services.qbittorrent.username") return s.qbittorrent.username;
  if (key == "services.qbittorrent.password") return s.qbittorrent.password;
  if (key == "services.sabnzbd.url") return s.sabnzbd.url;
  if (key == "services.sabnzbd.api_key") return s.sabnzbd.api_key;
  if (key == "services.sonarr.url") return s.sonarr.url;
  if (key == "services.sonarr.api_key") return s.sonarr.api_key;
  if (key == "services.radarr.url") return s.radarr.url;
  if (key == "services.radarr.api_key") return s.radarr.api_key;
  if (key == "services.plex.url") return s.plex.url;
  if (key == "services.plex.token") return s.plex.token;
  if (key == "services.tmdb.api_key") return s.tmdb.api_key;
  return "?";
}

TEST(ConfigNames, LayeredCasesCoverEveryKey) {
  std::vector<std::string> covered;
  for (const auto& l : kLayered) covered.push_back(l.key);
  EXPECT_EQ(covered, config_keys());
}

std::string unquote(const std::string& toml) {
  return toml.size() >= 2 && toml.front() == '"' ? toml.substr(1, toml.size() - 2) : toml;
}

TEST_F(ConfigTest, PrecedenceDefaultFileEnvFlagForEveryKey) {
  for (const auto& l : kLayered) {
    SCOPED_TRACE(l.key);
    const std::string path = write("layer.toml", l.key + " = " + l.file_toml + "\n");
    const std::string env_name = config_env_name(l.key);

    auto f = load({}, {}, path);
    ASSERT_TRUE(f) << f.error().message;
    EXPECT_EQ(value_of(*f, l.key), unquote(l.file_toml));
    EXPECT_EQ(f->sources.at(l.key), Source::file);
    EXPECT_EQ(f->config_file, path);
    for (const auto& other : config_keys()) {
      if (other != l.key) {
        EXPECT_EQ(f->sources.at(other), Source::default_value) << other;
      }
    }

    auto e = load({{env_name, l.env_value}}, {}, path);
    ASSERT_TRUE(e) << e.error().message;
    EXPECT_EQ(value_of(*e, l.key), l.env_value);
    EXPECT_EQ(e->sources.at(l.key), Source::env);

    auto g = load({{env_name, l.env_value}}, {{l.key, l.flag_value}}, path);
    ASSERT_TRUE(g) << g.error().message;
    EXPECT_EQ(value_of(*g, l.key), l.flag_value);
    EXPECT_EQ(g->sources.at(l.key), Source::flag);

    auto only_flag = load({}, {{l.key, l.flag_value}});
    ASSERT_TRUE(only_flag) << only_flag.error().message;
    EXPECT_EQ(only_flag->sources.at(l.key), Source::flag);
    EXPECT_EQ(only_flag->config_file, "");
  }
}

TEST_F(ConfigTest, DiscoversHelmarrTomlInWorkingDirectory) {
  write("helmarr.toml", "port = 9001\nthreads = 8\n");
  auto c = load({{"HELMARR_THREADS", "6"}});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->config_file, "helmarr.toml");
  EXPECT_EQ(c->port, 9001);
  EXPECT_EQ(c->sources.at("port"), Source::file);
  EXPECT_EQ(c->threads, 6);
  EXPECT_EQ(c->sources.at("threads"), Source::env);
  EXPECT_EQ(c->sources.at("bind"), Source::default_value);

  // --config wins over ./helmarr.toml.
  const std::string other = write("other.toml", "port = 9002\n");
  auto d = load({}, {}, other);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->port, 9002);
  EXPECT_EQ(d->threads, 2);
  EXPECT_EQ(d->config_file, other);
}

TEST_F(ConfigTest, EmptyEnvironmentVariableCountsAsUnset) {
  auto c = load({{"HELMARR_API_KEY", ""}, {"HELMARR_PORT", ""}});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_FALSE(c->api_key);
  EXPECT_EQ(c->port, 8000);
  EXPECT_EQ(c->sources.at("port"), Source::default_value);
}

TEST_F(ConfigTest, NormalizesLevelAndFormatCase) {
  auto c = load({{"HELMARR_LOG_LEVEL", "WARN"}, {"HELMARR_LOG_FORMAT", "Json"}});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->log_level, "warn");
  EXPECT_EQ(c->log_format, "json");
}

TEST_F(ConfigTest, AcceptsBoundaryValues) {
  auto lo = load({}, {{"port", "1"}, {"max_body_bytes", "1024"}, {"threads", "1"}, {"api_key", "0123456789abcdef"}});
  ASSERT_TRUE(lo) << lo.error().message;
  EXPECT_EQ(lo->port, 1);
  EXPECT_EQ(lo->api_key, "0123456789abcdef");
  auto hi = load({}, {{"port", "65535"}, {"max_body_bytes", "1073741824"}, {"threads", "64"}});
  ASSERT_TRUE(hi) << hi.error().message;
  EXPECT_EQ(hi->port, 65535);
  EXPECT_EQ(hi->max_body_bytes, 1073741824);
  EXPECT_EQ(hi->threads, 64);
  for (const char* bind : {"127.0.0.1", "0.0.0.0", "::", "::1", "fe80::1", "localhost", "192.168.1.20"}) {
    auto b = load({}, {{"bind", bind}});
    EXPECT_TRUE(b) << bind << ": " << b.error().message;
  }
}

struct BadValue {
  std::string key, value, reason;
};
const BadValue kBad[] = {
    {"port", "0", "must be between 1 and 65535"},
    {"port", "65536", "must be between 1 and 65535"},
    {"port", "-1", "must be between 1 and 65535"},
    {"port", "80x", "must be an integer between 1 and 65535"},
    {"port", "+80", "must be an integer between 1 and 65535"},
    {"port", " 80", "must be an integer between 1 and 65535"},
    {"port", "99999999999999999999999", "must be an integer between 1 and 65535"},
    {"bind", "example.com", "must be an IPv4 or IPv6 address or \"localhost\""},
    {"bind", "256.1.1.1", "must be an IPv4 or IPv6 address"},
    {"bind", "[::1]", "must be an IPv4 or IPv6 address"},
    {"log_level", "verbose", "must be one of trace, debug, info, warn, error, critical or off"},
    {"log_format", "yaml", "must be text or json"},
    {"max_body_bytes", "1023", "must be between 1024 and 1073741824"},
    {"max_body_bytes", "1073741825", "must be between 1024 and 1073741824"},
    {"max_body_bytes", "1k", "must be an integer between 1024 and 1073741824"},
    {"threads", "0", "must be between 1 and 64"},
    {"threads", "65", "must be between 1 and 64"},
    {"threads", "two", "must be an integer between 1 and 64"},
    {"request_timeout_seconds", "0", "must be between 1 and 3600"},
    {"request_timeout_seconds", "3601", "must be between 1 and 3600"},
    {"max_connections", "0", "must be between 1 and 100000"},
    {"max_connections", "100001", "must be between 1 and 100000"},
    {"worker_threads", "0", "must be between 1 and 64"},
    {"worker_threads", "65", "must be between 1 and 64"},
    {"worker_queue", "0", "must be between 1 and 100000"},
    {"worker_queue", "many", "must be an integer between 1 and 100000"},
    {"services.sonarr.url", "localhost:8989", "must be an http:// or https:// URL"},
    {"services.sonarr.url", "ftp://sonarr", "must be an http:// or https:// URL"},
    {"services.radarr.url", "http://", "must be an http:// or https:// URL"},
    {"services.plex.url", "http:///path", "must be an http:// or https:// URL"},
    {"services.qbittorrent.url", "http://qb host", "must be an http:// or https:// URL"},
    {"services.sabnzbd.url", "https://sab\tx", "must be an http:// or https:// URL"},
};

TEST_F(ConfigTest, ValidationErrorsNameKeyReasonValueAndSource) {
  for (const auto& b : kBad) {
    SCOPED_TRACE(b.key + "=" + b.value);
    const std::string quoted_value = nlohmann::json(b.value).dump();

    auto e = load({{config_env_name(b.key), b.value}});
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().code, ErrorCode::invalid_request);
    const std::string& em = e.error().message;
    EXPECT_EQ(em.rfind(b.key + ": ", 0), 0u) << em;
    EXPECT_NE(em.find(b.reason), std::string::npos) << em;
    EXPECT_NE(em.find(quoted_value), std::string::npos) << em;
    EXPECT_NE(em.find("(from env " + config_env_name(b.key) + ")"), std::string::npos) << em;
    expect_one_line(em);

    auto f = load({}, {{b.key, b.value}});
    ASSERT_FALSE(f);
    const std::string& fm = f.error().message;
    EXPECT_EQ(fm.rfind(b.key + ": ", 0), 0u) << fm;
    EXPECT_NE(fm.find(b.reason), std::string::npos) << fm;
    EXPECT_NE(fm.find("(from flag " + config_flag_name(b.key) + ")"), std::string::npos) << fm;
    expect_one_line(fm);
  }
}

TEST_F(ConfigTest, ExactMessageForPortFromEnv) {
  auto e = load({{"HELMARR_PORT", "0"}});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message, "port: must be between 1 and 65535, got \"0\" (from env HELMARR_PORT)");
}

TEST_F(ConfigTest, ValidationErrorsFromFileNameFileAndLine) {
  const std::string path = write("bad.toml", "# comment\nport = 0\n");
  auto e = load({}, {}, path);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message, "port: must be between 1 and 65535, got 0 (from file " + path + " line 2)");

  const std::string p2 = write("bad2.toml", "threads = 100\nlog_format = \"xml\"\n");
  auto f = load({}, {}, p2);
  ASSERT_FALSE(f);
  // Keys are checked in display order: log_format before threads.
  EXPECT_EQ(f.error().message, "log_format: must be text or json, got \"xml\" (from file " + p2 + " line 2)");
}

TEST_F(ConfigTest, EmptyStringsAreRejected) {
  for (const char* key : {"data_dir", "bind"}) {
    auto f = load({}, {{key, ""}});
    ASSERT_FALSE(f) << key;
    EXPECT_EQ(f.error().message.rfind(std::string(key) + ": ", 0), 0u);
    EXPECT_NE(f.error().message.find("got \"\" (from flag"), std::string::npos) << f.error().message;
  }
  auto d = load({}, {{"data_dir", ""}});
  EXPECT_EQ(d.error().message, "data_dir: must not be empty, got \"\" (from flag --data-dir)");
}

TEST_F(ConfigTest, OverriddenBadValueIsNotAnError) {
  const std::string path = write("c.toml", "port = 0\n");
  auto c = load({{"HELMARR_PORT", "8080"}}, {}, path);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->port, 8080);
}

TEST_F(ConfigTest, FileTypesMustMatch) {
  const std::string p1 = write("t1.toml", "port = \"8000\"\n");
  auto a = load({}, {}, p1);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().message, "port: must be an integer, got a string \"8000\" (from file " + p1 + " line 1)");

  const std::string p2 = write("t2.toml", "data_dir = 5\n");
  auto b = load({}, {}, p2);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().message, "data_dir: must be a string, got an integer 5 (from file " + p2 + " line 1)");

  const std::string p3 = write("t3.toml", "threads = 2.5\n");
  auto c = load({}, {}, p3);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("threads: must be an integer, got a float 2.5"), std::string::npos)
      << c.error().message;

  const std::string p4 = write("t4.toml", "bind = [\"a\", \"b\"]\n");
  auto d = load({}, {}, p4);
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().message.find("bind: must be a string, got an array"), std::string::npos);
}

TEST_F(ConfigTest, UnknownFileKeyIsNamed) {
  write("helmarr.toml", "port = 8000\nprot = 8001\n");
  auto e = load();
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, ErrorCode::invalid_request);
  EXPECT_EQ(e.error().message, "helmarr.toml: unknown key 'prot' (did you mean 'port'?)");

  const std::string p = write("x.toml", "[server]\nport = 1\n");
  auto f = load({}, {}, p);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().message, p + ": unknown key 'server'");
}

TEST_F(ConfigTest, UnreadableConfigPath) {
  auto e = load({}, {}, std::string("/nonexistent-dir/helmarr.toml"));
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, ErrorCode::invalid_request);
  EXPECT_EQ(e.error().message, "config file /nonexistent-dir/helmarr.toml: cannot read: No such file or directory");

  auto d = load({}, {}, dir_.string());
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().message, "config file " + dir_.string() + ": cannot read: Is a directory");
}

TEST_F(ConfigTest, TomlSyntaxErrorNamesFileAndLine) {
  const std::string p = write("syntax.toml", "port = 8000\nbind = \"127.0.0.1\n");
  auto e = load({}, {}, p);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, ErrorCode::invalid_request);
  const std::string& m = e.error().message;
  EXPECT_EQ(m.rfind(p + ": TOML syntax error at line 2, column ", 0), 0u) << m;
  EXPECT_GT(m.size(), (p + ": TOML syntax error at line 2, column 1: ").size()) << "no description: " << m;
}

TEST_F(ConfigTest, UnknownFlagKeyIsRejected) {
  auto e = load({}, {{"nope", "1"}});
  ASSERT_FALSE(e);
  EXPECT_NE(e.error().message.find("'nope'"), std::string::npos);
}

TEST_F(ConfigTest, ApiKeyNeverAppearsInErrorsOrRender) {
  const std::string short_key = "tooshort-sekret";  // 15 characters
  auto e = load({{"HELMARR_API_KEY", short_key}});
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message, "api_key: must be at least 16 characters (from env HELMARR_API_KEY)");

  auto f = load({}, {{"api_key", short_key}});
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().message, "api_key: must be at least 16 characters (from flag --api-key)");

  const std::string p1 = write("k1.toml", "api_key = \"" + short_key + "\"\n");
  auto g = load({}, {}, p1);
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().message.find(short_key), std::string::npos) << g.error().message;
  EXPECT_NE(g.error().message.find("api_key: must be at least 16 characters (from file"), std::string::npos);

  const std::string p2 = write("k2.toml", "api_key = 123456789012345678\n");
  auto h = load({}, {}, p2);
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().message.find("123456789012345678"), std::string::npos) << h.error().message;
  EXPECT_NE(h.error().message.find("api_key: must be a string"), std::string::npos);

  // A syntax error on the api_key line.
  const std::string p3 = write("k3.toml", "api_key = \"" + kSecret + "\n");
  auto i = load({}, {}, p3);
  ASSERT_FALSE(i);
  EXPECT_EQ(i.error().message.find(kSecret), std::string::npos) << i.error().message;
  EXPECT_EQ(i.error().message.find("s3cr3t"), std::string::npos) << i.error().message;

  // Another key's error while a valid key is set does not leak it either.
  auto j = load({{"HELMARR_API_KEY", kSecret}, {"HELMARR_PORT", "x"}});
  ASSERT_FALSE(j);
  EXPECT_EQ(j.error().message.find(kSecret), std::string::npos);

  auto ok = load({{"HELMARR_API_KEY", kSecret}});
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->api_key, kSecret);
  const std::string table = render_config(*ok);
  EXPECT_EQ(table.find(kSecret), std::string::npos) << table;
  EXPECT_NE(table.find("(redacted)"), std::string::npos) << table;
}

std::vector<std::vector<std::string>> rows_of(const std::string& table) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(table);
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::vector<std::string> row;
    for (std::string w; words >> w;) row.push_back(w);
    rows.push_back(row);
  }
  return rows;
}

TEST_F(ConfigTest, RenderShowsValuesAndSources) {
  const std::string path = write("r.toml", "data_dir = \"/srv/helmarr\"\nthreads = 4\n");
  auto c = load({{"HELMARR_PORT", "9000"}, {"HELMARR_API_KEY", kSecret}}, {{"log_level", "debug"}}, path);
  ASSERT_TRUE(c) << c.error().message;
  const std::string table = render_config(*c);
  const auto rows = rows_of(table);
  ASSERT_EQ(rows.size(), 2 + config_keys().size()) << table;
  EXPECT_EQ(table.rfind("config file: " + path + "\n", 0), 0u) << table;
  EXPECT_EQ(rows[1], (std::vector<std::string>{"KEY", "VALUE", "SOURCE"}));
  const std::vector<std::vector<std::string>> expected = {
      {"data_dir", "/srv/helmarr", "file"},  {"database_url", "(SQLite", "in", "data_dir)", "default"},
      {"port", "9000", "env"},
      {"bind", "0.0.0.0", "default"},        {"api_key", "(redacted)", "env"},
      {"log_level", "debug", "flag"},        {"log_format", "text", "default"},
      {"max_body_bytes", "1048576", "default"}, {"threads", "4", "file"},
  };
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(rows[i + 2], expected[i]) << table;

  // Columns line up: every VALUE starts at the same offset.
  std::istringstream in(table);
  std::string line;
  std::getline(in, line);
  std::getline(in, line);
  const auto value_col = line.find("VALUE");
  while (std::getline(in, line)) EXPECT_NE(line[value_col], ' ') << line;
}

TEST_F(ConfigTest, RenderWithoutFileOrKey) {
  auto c = load();
  ASSERT_TRUE(c);
  const std::string table = render_config(*c);
  EXPECT_EQ(table.rfind("config file: (none)\n", 0), 0u) << table;
  EXPECT_NE(table.find("(generated on first start)"), std::string::npos) << table;
  for (const auto& k : config_keys()) EXPECT_NE(table.find(k), std::string::npos) << k;
}


TEST_F(ConfigTest, ServicesAreTomlTables) {
  const std::string path = write("s.toml",
                                 "port = 8100\n"
                                 "[services.sonarr]\n"
                                 "url = \"http://sonarr:8989\"\n"
                                 "api_key = \"sonarr-file-key\"\n"
                                 "[services.qbittorrent]\n"
                                 "url = \"https://qb.lan/\"\n"
                                 "username = \"admin\"\n"
                                 "password = \"qb-pass\"\n"
                                 "[services]\n"
                                 "tmdb.api_key = \"tmdb-key\"\n");
  auto c = load({{"HELMARR_SONARR_API_KEY", "sonarr-env-key"}}, {{"services.radarr.url", "http://radarr:7878"}}, path);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->port, 8100);
  EXPECT_EQ(c->services.sonarr.url, "http://sonarr:8989");
  EXPECT_EQ(c->sources.at("services.sonarr.url"), Source::file);
  EXPECT_EQ(c->services.sonarr.api_key, "sonarr-env-key");
  EXPECT_EQ(c->sources.at("services.sonarr.api_key"), Source::env);
  EXPECT_EQ(c->services.qbittorrent.url, "https://qb.lan/");
  EXPECT_EQ(c->services.qbittorrent.username, "admin");
  EXPECT_EQ(c->services.qbittorrent.password, "qb-pass");
  EXPECT_EQ(c->services.tmdb.api_key, "tmdb-key");
  EXPECT_EQ(c->services.radarr.url, "http://radarr:7878");
  EXPECT_EQ(c->sources.at("services.radarr.url"), Source::flag);
  EXPECT_EQ(c->services.plex.url, "");
  EXPECT_EQ(c->sources.at("services.plex.url"), Source::default_value);

  // The same file's line numbers reach the errors of keys inside tables.
  const std::string bad = write("sb.toml", "[services.sonarr]\nurl = \"sonarr:8989\"\n");
  auto e = load({}, {}, bad);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message,
            "services.sonarr.url: must be an http:// or https:// URL, got \"sonarr:8989\" (from file " + bad + " line 2)");
}

TEST_F(ConfigTest, UnknownTablesAndKeysInTablesAreNamed) {
  const std::string p1 = write("u1.toml", "[services.sonar]\nurl = \"http://x\"\n");
  auto a = load({}, {}, p1);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, ErrorCode::invalid_request);
  EXPECT_EQ(a.error().message, p1 + ": unknown key 'services.sonar' (did you mean 'services.sonarr'?)");

  const std::string p2 = write("u2.toml", "[services.sonarr]\nurll = \"http://x\"\n");
  auto b = load({}, {}, p2);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().message, p2 + ": unknown key 'services.sonarr.urll' (did you mean 'services.sonarr.url'?)");

  const std::string p3 = write("u3.toml", "[service.sonarr]\nurl = \"http://x\"\n");
  auto c = load({}, {}, p3);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().message, p3 + ": unknown key 'service' (did you mean 'services'?)");

  const std::string p4 = write("u4.toml", "[services.jellyfin]\nurl = \"http://x\"\n");
  auto d = load({}, {}, p4);
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().message, p4 + ": unknown key 'services.jellyfin'");

  // A table where a value belongs, and a value where a table belongs.
  const std::string p5 = write("u5.toml", "services = 5\n");
  auto e = load({}, {}, p5);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message, "services: must be a table, got an integer 5 (from file " + p5 + " line 1)");

  const std::string p6 = write("u6.toml", "[services]\nsonarr = \"http://x\"\n");
  auto f = load({}, {}, p6);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().message,
            "services.sonarr: must be a table, got a string \"http://x\" (from file " + p6 + " line 2)");

  const std::string p7 = write("u7.toml", "[port]\nvalue = 1\n");
  auto g = load({}, {}, p7);
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().message.rfind("port: must be an integer, got a table (from file " + p7 + " line 1", 0), 0u)
      << g.error().message;

  // Flags are checked against the same declaration.
  auto h = load({}, {{"services.sonar.url", "http://x"}});
  ASSERT_FALSE(h);
  EXPECT_NE(h.error().message.find("'services.sonar.url'"), std::string::npos);
}

TEST_F(ConfigTest, DatabaseUrlIsShownWithItsPasswordRedacted) {
  auto c = load({{"HELMARR_DATABASE_URL", "postgres://helmarr:hunter2@db.lan:5432/helmarr"}});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->database_url, "postgres://helmarr:hunter2@db.lan:5432/helmarr");  // libpq gets it whole
  const std::string table = render_config(*c);
  EXPECT_EQ(table.find("hunter2"), std::string::npos) << table;
  EXPECT_NE(table.find("postgres://helmarr:***@db.lan:5432/helmarr"), std::string::npos) << table;

  auto bad = load({}, {{"database_url", "mysql://root:hunter2@db/helmarr"}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message.find("hunter2"), std::string::npos) << bad.error().message;
  EXPECT_EQ(bad.error().message,
            "database_url: must be sqlite:PATH, postgres://user:pass@host:port/db or libpq keywords, got "
            "\"mysql://root:***@db/helmarr\" (from flag --database-url)");
}

TEST_F(ConfigTest, ServiceSecretsNeverAppearInErrorsOrRender) {
  const std::string p = write("sec.toml", "[services.sonarr]\napi_key = 1234567890\n");
  auto a = load({}, {}, p);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().message.find("1234567890"), std::string::npos) << a.error().message;
  EXPECT_NE(a.error().message.find("services.sonarr.api_key: must be a string"), std::string::npos);

  const std::vector<std::pair<std::string, std::string>> secrets = {
      {"HELMARR_SONARR_API_KEY", "sonarr-secret-1"},     {"HELMARR_RADARR_API_KEY", "radarr-secret-2"},
      {"HELMARR_SABNZBD_API_KEY", "sabnzbd-secret-3"},   {"HELMARR_QBITTORRENT_PASSWORD", "qb-secret-4"},
      {"HELMARR_PLEX_TOKEN", "plex-secret-5"},           {"HELMARR_TMDB_API_KEY", "tmdb-secret-6"},
  };
  Env env(secrets.begin(), secrets.end());
  env["HELMARR_QBITTORRENT_USERNAME"] = "visible-user";
  auto c = load(env);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->services.plex.token, "plex-secret-5");
  const std::string table = render_config(*c);
  for (const auto& [var, value] : secrets) EXPECT_EQ(table.find(value), std::string::npos) << var << "\n" << table;
  EXPECT_NE(table.find("visible-user"), std::string::npos) << table;
  for (const char* key : {"services.sonarr.api_key", "services.plex.token", "services.qbittorrent.password"}) {
    const auto rows = rows_of(table);
    auto row = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return !r.empty() && r[0] == key; });
    ASSERT_NE(row, rows.end()) << key;
    EXPECT_EQ(*row, (std::vector<std::string>{key, "(redacted)", "env"}));
  }

  // A bad value of another key while secrets are set does not leak them.
  env["HELMARR_SONARR_URL"] = "nope";
  auto e = load(env);
  ASSERT_FALSE(e);
  for (const auto& [var, value] : secrets) EXPECT_EQ(e.error().message.find(value), std::string::npos) << var;
}

// The declaration itself: names that cannot collide, help for every key,
// defaults that pass their own validation and reach Config.
TEST(ConfigDeclaration, IsConsistent) {
  std::set<std::string> names, envs, flags;
  for (const auto& k : config_table()) {
    SCOPED_TRACE(k.name);
    EXPECT_TRUE(names.insert(k.name).second);
    EXPECT_TRUE(envs.insert(k.env).second) << k.env;
    EXPECT_TRUE(flags.insert(k.flag).second) << k.flag;
    EXPECT_NE(k.flag, "--config");
    EXPECT_EQ(k.env, config_env_name(k.name));
    EXPECT_EQ(k.flag, config_flag_name(k.name));
    EXPECT_FALSE(k.help.empty());
    EXPECT_FALSE(k.unset_text.empty());
    EXPECT_EQ(find_config_key(k.name), &k);
    ASSERT_TRUE(k.store && k.read);
    if (k.type == KeyType::integer) {
      EXPECT_LE(k.min, k.max);
      ASSERT_TRUE(std::holds_alternative<std::int64_t>(k.default_value));
    }
    if (k.type == KeyType::choice) {
      EXPECT_GE(k.allowed.size(), 2u);
    }
    const bool has_default = !std::holds_alternative<std::monostate>(k.default_value);
    // Config() holds the default (or nothing); given explicitly, the default is accepted.
    const Config fresh;
    if (has_default) {
      EXPECT_TRUE(k.read(fresh) == k.default_value);
    } else {
      EXPECT_TRUE(k.read(fresh) == ConfigValue() || k.read(fresh) == ConfigValue(std::string()));
    }
    if (has_default) {
      const std::string text = std::holds_alternative<std::int64_t>(k.default_value)
                                   ? std::to_string(std::get<std::int64_t>(k.default_value))
                                   : std::get<std::string>(k.default_value);
      Overrides o;
      o.flags[k.name] = text;
      auto c = load_config(o, {});
      ASSERT_TRUE(c) << c.error().message;
      EXPECT_TRUE(k.read(*c) == k.default_value);
    }
  }
  EXPECT_EQ(find_config_key("nope"), nullptr);
  EXPECT_EQ(find_config_key("services"), nullptr);  // a table, not a key
  EXPECT_EQ(find_config_key("port")->secret, false);
  for (const char* secret : {"api_key", "services.qbittorrent.password", "services.sabnzbd.api_key",
                             "services.sonarr.api_key", "services.radarr.api_key", "services.plex.token",
                             "services.tmdb.api_key"})
    EXPECT_TRUE(find_config_key(secret)->secret) << secret;
  // A Config made in code (as `helmarr routes` does) has the declared defaults.
  const Config c;
  EXPECT_EQ(c.port, 8000);
  EXPECT_EQ(c.data_dir, "./data");
  EXPECT_EQ(c.bind, "0.0.0.0");
  EXPECT_EQ(c.log_level, "info");
  EXPECT_EQ(c.max_body_bytes, 1024 * 1024);
  EXPECT_EQ(c.request_timeout_seconds, 30);
  EXPECT_FALSE(c.api_key);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The table under "## Configuration": its first run of lines that start with '|'.
std::string readme_config_table(const std::string& readme) {
  const auto section = readme.find("\n## Configuration\n");
  if (section == std::string::npos) return "";
  const auto next = readme.find("\n## ", section + 1);
  std::istringstream in(readme.substr(section, next == std::string::npos ? std::string::npos : next - section));
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] == '|') out += line + "\n";
    else if (!out.empty()) break;
  }
  return out;
}

TEST(ConfigDeclaration, ReadmeTableIsTheDeclaration) {
  const std::string readme = read_text(std::string(HELMARR_TEST_DIR) + "/../README.md");
  ASSERT_FALSE(readme.empty()) << "cannot read README.md";
  EXPECT_EQ(readme_config_table(readme), render_config_table())
      << "README.md's configuration table differs from the declaration in src/app/config.cc; "
         "replace it with the output of `helmarr config table`";
}

TEST(ConfigDeclaration, TableHasOneRowPerKey) {
  const std::string table = render_config_table();
  const auto rows = static_cast<std::size_t>(std::count(table.begin(), table.end(), '\n'));
  EXPECT_EQ(rows, 2 + config_keys().size());
  EXPECT_EQ(table.rfind("| key | flag | environment | default | meaning |\n|---|---|---|---|---|\n", 0), 0u);
  EXPECT_NE(table.find("| `port` | `--port` | `HELMARR_PORT` | `8000` | TCP port to listen on (1–65535) |\n"),
            std::string::npos)
      << table;
  EXPECT_NE(table.find("| `services.sonarr.api_key` | `--sonarr-api-key` | `HELMARR_SONARR_API_KEY` | not set | "
                       "Sonarr API key (secret) |\n"),
            std::string::npos)
      << table;
  // A key declared or changed shows: the table follows the declaration.
  EXPECT_NE(table.find("(1–3600)"), std::string::npos);
  EXPECT_NE(table.find("deadline for one request; a handler still waiting is answered 504"), std::string::npos);
}

TEST(ConfigDeclaration, StartupExitCodes) {
  EXPECT_EQ(startup_exit_code(Error{ErrorCode::invalid_request, "data_dir x: cannot create"}), 2);
  EXPECT_EQ(startup_exit_code(Error{ErrorCode::internal, "database migration failed"}), 1);
  EXPECT_EQ(startup_exit_code(Error{ErrorCode::unavailable, "database is locked"}), 1);
}

}  // namespace
}  // namespace helmarr::app
