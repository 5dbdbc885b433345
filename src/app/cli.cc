#include "app/cli.h"

#include "store/database_url.h"

#include <poll.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "api/dashboard/torrent_search_params.h"
#include "app/app.h"
#include "app/bench_corpus_command.h"
#include "app/classify_command.h"
#include "app/config.h"
#include "app/db_command.h"
#include "app/import_command.h"
#include "app/parse_command.h"
#include "app/search_command.h"
#include "core/log.h"

#ifndef HELMARR_VERSION
#define HELMARR_VERSION "0.0.0"
#endif

namespace helmarr::app {

namespace {

// The configuration flags every subcommand that needs a Config accepts: one
// per declared key (config_table()), named and explained by the declaration.
void add_config_options(CLI::App* cmd, Overrides& o) {
  cmd->add_option_function<std::string>("--config", [&o](const std::string& v) { o.config_path = v; },
                                        "Configuration file (default ./helmarr.toml when present)");
  for (const auto& k : config_table()) {
    const std::string key = k.name;
    cmd->add_option_function<std::string>(
           k.flag, [&o, key](const std::string& v) { o.flags[key] = v; }, config_key_help(k) + " [" + k.env + "]")
        ->type_name(k.type == KeyType::integer ? "INT" : k.type == KeyType::choice ? "WORD" : "TEXT");
  }
}

std::optional<std::string> getenv_lookup(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  if (!v) return std::nullopt;
  return std::string(v);
}

// Loads the configuration; on error prints one line and gives exit code 2.
std::optional<Config> load_or_report(const Overrides& o, int& exit_code) {
  auto config = load_config(o, getenv_lookup);
  if (!config) {
    std::fprintf(stderr, "helmarr: configuration error: %s\n", config.error().message.c_str());
    exit_code = 2;
    return std::nullopt;
  }
  return *config;
}

// Release names as positional arguments, verbatim. (A CLI11 positional would
// read "[Group] Title, Part 2 [1080p]" as a list and split it at the comma.)
// A word starting with '-' is a mistyped option.
std::optional<std::vector<std::string>> positional_args(CLI::App* cmd) {
  std::vector<std::string> out;
  for (auto& arg : cmd->remaining()) {
    if (arg.size() > 1 && arg[0] == '-') {
      std::fprintf(stderr, "helmarr %s: unknown option '%s'\n%s", cmd->get_name().c_str(), arg.c_str(), cmd->help().c_str());
      return std::nullopt;
    }
    out.push_back(arg);
  }
  return out;
}

// The query words of `search`, joined ("--word" is a mistyped option).
std::optional<std::string> query_words(CLI::App* cmd) {
  std::string out;
  for (auto& arg : cmd->remaining()) {
    if (arg.starts_with("--")) {
      std::fprintf(stderr, "helmarr %s: unknown option '%s'\n%s", cmd->get_name().c_str(), arg.c_str(), cmd->help().c_str());
      return std::nullopt;
    }
    out += (out.empty() ? "" : " ") + arg;
  }
  return out;
}

// The app on the configured database, for a command that works on it
// beside (or without) a running server: warnings only in the log; a key
// generated now is printed once, as serve would.
std::unique_ptr<App> open_app(const Config& config, int& exit_code) {
  log::init(log::Format::text, spdlog::level::warn);
  auto app = App::create(config);
  if (!app) {
    std::fprintf(stderr, "helmarr: %s\n", app.error().message.c_str());
    exit_code = startup_exit_code(app.error());
    return nullptr;
  }
  if ((*app)->generated_api_key()) {
    std::fprintf(stderr, "helmarr: generated a new API key; it is shown only this once, store it now: %s\n",
                 (*app)->generated_api_key()->c_str());
  }
  return std::move(*app);
}

// `helmarr search dune -herbert`: CLI11 would read "-herbert" as the short
// flags -h -e -r ... (and print the help). Single-dash words of a search are
// the query language's exclusions: they are taken out of the arguments before
// CLI11 sees them and added to the query words after.
std::vector<std::string> take_search_exclusions(int argc, char** argv, std::vector<std::string>& exclusions) {
  std::vector<std::string> args(argv, argv + argc);
  if (argc < 2 || args[1] != "search") return args;
  std::vector<std::string> kept(args.begin(), args.begin() + 2);
  for (std::size_t i = 2; i < args.size(); ++i) {
    const auto& a = args[i];
    (a.size() > 2 && a[0] == '-' && a[1] != '-' ? exclusions : kept).push_back(a);
  }
  return kept;
}

// More input is ready when it is already buffered or fd 0 is readable now.
bool stdin_ready() {
  if (std::cin.rdbuf()->in_avail() > 0) return true;
  pollfd p{0, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0;
}

int print_routes(bool json) {
  Config config;
  config.api_key = std::string(32, 'x');  // never used: the throwaway app only lists its routes
  auto app = App::create(config, /*in_memory=*/true);
  if (!app) {
    std::fprintf(stderr, "helmarr: %s\n", app.error().message.c_str());
    return 1;
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : (*app)->router().routes()) {
    if (json) {
      out.push_back({{"method", http::method_name(r->method)},
                     {"pattern", r->pattern},
                     {"public", r->policy.access == http::Access::open},
                     {"dialect", http::dialect_name(r->policy.dialect)},
                     {"rate_category", r->policy.rate_category},
                     {"execution", r->policy.execution == http::Execution::blocking ? "pool" : "inline"},
                     {"async", static_cast<bool>(r->async_handler)}});
    } else {
      std::printf("%-7s %-40s %-8s %-10s%s\n", http::method_name(r->method), r->pattern.c_str(),
                  r->policy.access == http::Access::open ? "public" : "api-key", http::dialect_name(r->policy.dialect),
                  r->policy.rate_category.empty() ? "" : (" rate:" + r->policy.rate_category).c_str());
    }
  }
  if (json) std::printf("%s\n", out.dump(2).c_str());
  return 0;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App cli{"Helmarr: one daemon above Sonarr, Radarr, qBittorrent, SABnzbd and Plex", "helmarr"};
  cli.set_version_flag("--version", HELMARR_VERSION);
  cli.require_subcommand(1);
  cli.failure_message(CLI::FailureMessage::help);  // usage errors print the usage, then exit 2

  Overrides serve_o, show_o, rotate_o;
  auto* serve_cmd = cli.add_subcommand("serve", "Run the server");
  add_config_options(serve_cmd, serve_o);

  auto* config_cmd = cli.add_subcommand("config", "Configuration");
  config_cmd->require_subcommand(1);
  auto* show_cmd = config_cmd->add_subcommand("show", "Print the effective configuration and where each value comes from");
  add_config_options(show_cmd, show_o);
  auto* table_cmd = config_cmd->add_subcommand("table", "Print the configuration keys as the README's markdown table");

  auto* apikey_cmd = cli.add_subcommand("apikey", "API key");
  apikey_cmd->require_subcommand(1);
  auto* rotate_cmd = apikey_cmd->add_subcommand("rotate", "Generate a new API key, print it once, invalidate the old");
  add_config_options(rotate_cmd, rotate_o);

  bool routes_json = false;
  auto* routes_cmd = cli.add_subcommand("routes", "List the HTTP routes");
  routes_cmd->add_flag("--json", routes_json, "Print as JSON");

  bool parse_json = false;
  auto* parse_cmd = cli.add_subcommand("parse", "Parse release names (the arguments, or one per line of standard input)");
  parse_cmd->add_flag("--json", parse_json, "One JSON object per title, in input order");
  parse_cmd->allow_extras();  // the titles: see positional_args()
  parse_cmd->footer("TITLE ...  release names; none = read standard input\n");

  Overrides classify_o;
  ClassifyOptions classify_options;
  auto* classify_cmd = cli.add_subcommand(
      "classify", "Classify torrents: content type and Newznab categories (the arguments, or NDJSON lines "
                  "{\"name\",\"size\",\"files\":[{\"path\",\"size\"}]} or bare names on standard input)");
  classify_cmd->add_flag("--json", classify_options.json, "One JSON object per torrent, in input order");
  classify_cmd->add_flag("--explain", classify_options.explain, "Also list the rules that decided");
  classify_cmd->allow_extras();  // the names: see positional_args()
  classify_cmd->footer("NAME ...  torrent names; none = read standard input\n");
  add_config_options(classify_cmd, classify_o);

  Overrides search_o;
  SearchOptions search_options;
  std::vector<std::string> search_exclusions;  // "-word" query words: see take_search_exclusions()
  auto* search_cmd = cli.add_subcommand(
      "search", "Search the torrent library: what GET /api/torrents answers, as a table or (--json) its JSON");
  search_cmd->add_flag("--json", search_options.json, "Print the API's JSON instead of a table");
  search_cmd->add_option("--limit", search_options.limit, "Torrents to show (1-500, default 50)")->type_name("N");
  search_cmd->add_option("--offset", search_options.offset, "Torrents to skip (default 0)")->type_name("N");
  search_cmd->add_option("--content-type", search_options.content_type,
                         "Only this content type: " + api::dashboard::content_type_choices())->type_name("T");
  search_cmd->allow_extras();  // the query words: see query_words()
  search_cmd->footer("QUERY ...  words, \"phrases\", -excluded, prefix*; none = the newest torrents\n");
  add_config_options(search_cmd, search_o);
  BenchCorpusOptions corpus_options;
  auto* corpus_cmd = cli.add_subcommand(
      "bench-corpus", "Write N torrents of the deterministic benchmark corpus as NDJSON (the shape `import` takes)");
  corpus_cmd->add_option("N", corpus_options.count, "How many records")
      ->required()
      ->check(CLI::Range(std::uint64_t{0}, std::uint64_t{1'000'000'000'000}));
  corpus_cmd->add_option("--seed", corpus_options.seed, "The corpus: the same seed gives the same bytes (default 42)");
  corpus_cmd->add_option("--out", corpus_options.out, "Write to FILE instead of standard output")->type_name("FILE");

  cli.add_subcommand("version", "Print the version");

  Overrides import_o;
  ImportOptions import_options;
  auto* import_cmd = cli.add_subcommand(
      "import", "Import torrents into the library: NDJSON files ('-' for standard input), .torrent files, "
                "directories of them, magnet URIs");
  add_config_options(import_cmd, import_o);
  import_cmd->add_flag("--json", import_options.json, "Print the summary as JSON");
  import_cmd->add_flag("!--no-progress", import_options.progress, "No progress bar or progress lines");
  import_cmd->allow_extras();

  DbCopyOptions copy_options;
  auto* db_cmd = cli.add_subcommand("db", "Database tools");
  db_cmd->require_subcommand(1);
  auto* copy_cmd = db_cmd->add_subcommand(
      "copy", "Copy everything a database holds into another (sqlite:PATH, postgres://...): resumable, verified");
  copy_cmd->add_option("--from", copy_options.from, "The database to copy (sqlite:PATH or a PostgreSQL URL)")
      ->required()
      ->type_name("URL");
  copy_cmd->add_option("--to", copy_options.to, "The database to copy into (created tables, same URL forms)")
      ->required()
      ->type_name("URL");
  copy_cmd->add_option("--batch", copy_options.batch, "Rows per transaction (default 5000)")->type_name("N");
  copy_cmd->add_flag("!--no-progress", copy_options.progress, "No progress bar or progress lines");
  copy_cmd->add_flag("--json", copy_options.json, "Print the summary as JSON");

  // CLI11 would report "a subcommand is required" for a misspelt one; name it.
  if (argc > 1 && argv[1][0] != '-' &&
      cli.get_subcommands([&](CLI::App* a) { return a->check_name(argv[1]); }).empty()) {
    std::fprintf(stderr, "helmarr: unknown subcommand '%s'\n%s", argv[1], cli.help().c_str());
    return 2;
  }
  try {
    auto args = take_search_exclusions(argc, argv, search_exclusions);
    std::vector<char*> ptrs;
    for (auto& a : args) ptrs.push_back(a.data());
    cli.parse(static_cast<int>(ptrs.size()), ptrs.data());
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return cli.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    cli.exit(e);  // prints the error and the usage
    return 2;
  }

  int code = 0;
  if (serve_cmd->parsed()) {
    auto config = load_or_report(serve_o, code);
    if (!config) return code;
    auto level = log::parse_level(config->log_level);
    auto format = log::parse_format(config->log_format);
    log::init(format ? *format : log::Format::text, level ? *level : spdlog::level::info);
    return serve(*config);
  }
  if (show_cmd->parsed()) {
    auto config = load_or_report(show_o, code);
    if (!config) return code;
    std::fputs(render_config(*config).c_str(), stdout);
    return 0;
  }
  if (table_cmd->parsed()) {
    std::fputs(render_config_table().c_str(), stdout);
    return 0;
  }
  if (rotate_cmd->parsed()) {
    auto config = load_or_report(rotate_o, code);
    if (!config) return code;
    if (config->api_key) {
      std::fprintf(stderr, "helmarr: the API key is set by configuration (%s); change it there\n",
                   source_name(config->sources.at("api_key")));
      return 2;
    }
    auto app = App::create(*config);
    if (!app) {
      std::fprintf(stderr, "helmarr: %s\n", app.error().message.c_str());
      return startup_exit_code(app.error());
    }
    auto key = (*app)->api_keys().rotate();
    if (!key) {
      std::fprintf(stderr, "helmarr: %s\n", key.error().message.c_str());
      return 1;
    }
    std::printf("%s\n", key->c_str());
    std::fprintf(stderr, "New API key printed above; it is shown only this once. The old key no longer works.\n");
    return 0;
  }
  if (import_cmd->parsed()) {
    auto config = load_or_report(import_o, code);
    if (!config) return code;
    auto inputs = positional_args(import_cmd);
    if (!inputs) return 2;
    auto app = open_app(*config, code);
    if (!app) return code;
    std::ios::sync_with_stdio(false);
    return run_import(app->library(), *inputs, import_options, stdout, stderr);
  }
  if (copy_cmd->parsed()) return run_db_copy(copy_options, stdout, stderr);
  if (routes_cmd->parsed()) return print_routes(routes_json);
  if (parse_cmd->parsed()) {
    std::ios::sync_with_stdio(false);  // streaming throughput: no C stdio sync
    auto titles = positional_args(parse_cmd);
    if (!titles) return 2;
    return run_parse(parse_json, *titles, std::cin, std::cout, stdin_ready);
  }
  if (classify_cmd->parsed()) {
    auto config = load_or_report(classify_o, code);
    if (!config) return code;
    auto rules = load_classifier_rules(config->classifier_rules);
    if (!rules) {
      std::fprintf(stderr, "helmarr: configuration error: %s\n", rules.error().message.c_str());
      return 2;
    }
    const media::Classifier classifier(std::move(*rules));
    std::ios::sync_with_stdio(false);
    auto names = positional_args(classify_cmd);
    if (!names) return 2;
    return run_classify(classifier, classify_options, *names, std::cin, std::cout, stdin_ready);
  }
  if (search_cmd->parsed()) {
    auto config = load_or_report(search_o, code);
    if (!config) return code;
    auto words = query_words(search_cmd);
    if (!words) return 2;
    search_options.text = *words;
    for (const auto& w : search_exclusions) search_options.text += (search_options.text.empty() ? "" : " ") + w;
    // Searching never creates a database: a missing one is a wrong data_dir.
    const auto db = database_path(*config);
    const auto url = store::parse_database_url(config->database_url);
    if (std::error_code ec; url && url->dialect == store::Dialect::sqlite && !std::filesystem::exists(db, ec)) {
      std::fprintf(stderr, "helmarr search: no database at %s (is --data-dir right? `helmarr serve` or "
                           "`helmarr import` creates it)\n", db.c_str());
      return 2;
    }
    auto app = open_app(*config, code);
    if (!app) return code;
    return run_search(app->library(), search_options, stdout_table_style(), std::cout, std::cerr);
  }
  if (corpus_cmd->parsed()) return run_bench_corpus(corpus_options, stdout, stderr);
  std::printf("helmarr %s\n", HELMARR_VERSION);
  return 0;
}

}  // namespace helmarr::app
