#include "app/db_command.h"

#include <unistd.h>

#include <array>
#include <filesystem>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/progress.h"
#include "library/library_service.h"
#include "media/classifier.h"
#include "media/classifier_rules.h"
#include "store/database_url.h"
#include "store/migrations.h"
#include "store/table_copy.h"

namespace helmarr::app {
namespace {

// Helmarr's own tables, in the order they are copied.
constexpr std::array<store::TableCopySpec, 3> kCoreTables = {{
    {"settings_overrides", "key, value, updated_at", true},
    {"settings_audit", "id, key, action, old_value, new_value, changed_by, changed_at", false},
    {"secrets", "name, value, updated_at", true},
}};
constexpr std::array<std::string_view, 6> kCopied = {"settings_overrides", "settings_audit", "secrets",
                                                     "torrents",           "torrent_files",  "library_counters"};
constexpr std::array<std::string_view, 4> kUncopied = {"schema_migrations", "module_migrations", "job_leases",
                                                       "cluster_messages"};

Result<std::unique_ptr<store::Database>> open_url(const std::string& text, bool must_exist) {
  auto url = store::parse_database_url(text);
  if (!url) return tl::unexpected(url.error());
  if (url->dialect == store::Dialect::postgres) return store::open_postgres({.conninfo = url->conninfo});
  if (url->sqlite_path.empty()) {
    return fail(ErrorCode::invalid_request, "give a SQLite database as sqlite:PATH");
  }
  if (std::error_code ec; must_exist && !std::filesystem::exists(url->sqlite_path, ec)) {
    return fail(ErrorCode::not_found, fmt::format("no database at {}", url->sqlite_path));
  }
  return store::open_sqlite({.path = url->sqlite_path});
}

Result<void> migrate_all(store::Database& db) {
  if (auto m = store::migrate(db); !m) return tl::unexpected(m.error());
  // Every module with tables (app.cc builds them); the coverage test fails
  // when one is missing here.
  auto lib = store::migrate_module(db, "library", library::library_migrations(db.dialect()));
  if (!lib) return tl::unexpected(lib.error());
  return {};
}

}  // namespace

std::span<const std::string_view> copied_tables() { return kCopied; }
std::span<const std::string_view> uncopied_tables() { return kUncopied; }

int run_db_copy(const DbCopyOptions& options, std::FILE* out, std::FILE* err) {
  auto say = [err](const std::string& m) { std::fprintf(err, "helmarr db copy: %s\n", m.c_str()); };
  if (options.batch == 0) {
    say("--batch must be at least 1");
    return 2;
  }
  if (store::redact_database_url(options.from) == store::redact_database_url(options.to)) {
    say("--from and --to name the same database");
    return 2;
  }
  auto from = open_url(options.from, true);
  if (!from) {
    say(fmt::format("--from: {}", from.error().message));
    return from.error().code == ErrorCode::unavailable ? 1 : 2;
  }
  auto to = open_url(options.to, false);
  if (!to) {
    say(fmt::format("--to: {}", to.error().message));
    return to.error().code == ErrorCode::unavailable ? 1 : 2;
  }
  for (auto* db : {from->get(), to->get()}) {
    if (auto m = migrate_all(*db); !m) {
      say(fmt::format("{}: migration failed: {}", db == from->get() ? "--from" : "--to", m.error().message));
      return 1;
    }
  }
  nlohmann::json summary = {{"from", store::redact_database_url(options.from)},
                            {"to", store::redact_database_url(options.to)}};
  for (const auto& spec : kCoreTables) {
    auto n = store::copy_table(**from, **to, spec, options.batch);
    if (!n) {
      say(fmt::format("{}: {}", spec.table, n.error().message));
      return 1;
    }
  }
  if (auto seq = store::continue_identity(**to, (*to)->dialect(), "settings_audit", "id"); !seq) {
    say(seq.error().message);
    return 1;
  }

  std::optional<Progress> progress;
  const bool terminal = ::isatty(::fileno(err)) == 1;
  const media::Classifier classifier(media::builtin_classifier_rules());
  auto copied = library::copy_library(**from, **to, classifier, SystemClock::instance(), options.batch,
                                      [&](std::int64_t done, std::int64_t total) {
                                        if (!options.progress) return;
                                        if (!progress) progress.emplace(err, terminal, static_cast<std::uint64_t>(total));
                                        progress->update(done, static_cast<std::uint64_t>(done));
                                      });
  if (progress && copied) progress->finish(copied->resumed_after + copied->torrents,
                                           static_cast<std::uint64_t>(copied->resumed_after + copied->torrents));
  if (!copied) {
    const bool refused = copied.error().code == ErrorCode::conflict;
    say(fmt::format("torrents: {}{}", copied.error().message,
                    refused ? "" : " (what was committed stays; run the same command again to resume)"));
    return refused ? 2 : 1;
  }
  summary["torrents"] = {{"copied", copied->torrents}, {"resumed_after", copied->resumed_after}};
  summary["files"] = copied->files;

  // Verification: every table holds as many rows on both sides.
  bool same = true;
  nlohmann::json counts = nlohmann::json::object();
  for (auto table : kCopied) {
    auto a = store::count_rows(**from, table), b = store::count_rows(**to, table);
    if (!a || !b) {
      say(fmt::format("counting {}: {}", table, (!a ? a.error() : b.error()).message));
      return 1;
    }
    counts[std::string(table)] = *b;
    if (*a != *b) {
      same = false;
      say(fmt::format("{}: {} rows in --from, {} in --to", table, *a, *b));
    }
  }
  summary["rows"] = counts;
  summary["verified"] = same;
  if (options.json) {
    std::fprintf(out, "%s\n", summary.dump().c_str());
  } else {
    std::fprintf(out, "copied %s torrents (%s files)%s; settings, audit and secrets; counts %s\n",
                 with_thousands(copied->torrents).c_str(), with_thousands(copied->files).c_str(),
                 copied->resumed_after ? fmt::format(" after {} already there", with_thousands(copied->resumed_after)).c_str() : "",
                 same ? "verified" : "DIFFER");
  }
  return same ? 0 : 1;
}

}  // namespace helmarr::app
