#include "store/migrations.h"

#include <fmt/format.h>

#include "store/postgres/migrations.h"
#include "store/sqlite/migrations.h"

namespace helmarr::store {
namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

Result<void> validate(std::span<const Migration> migrations) {
  int previous = 0;
  for (const auto& m : migrations) {
    if (m.version <= previous) {
      return fail(ErrorCode::internal,
                  fmt::format("migration list is not strictly increasing: version {} ({}) follows version {}",
                              m.version, m.name, previous));
    }
    previous = m.version;
  }
  return {};
}

// A module's migrations are numbered on their own (1, 2, ...) and recorded
// beside Helmarr's: one table, keyed by the module's name.
constexpr std::string_view kCreateModuleTable =
    "CREATE TABLE IF NOT EXISTS module_migrations ("
    "module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL, "
    "PRIMARY KEY (module, version))";

Result<int> current_version(Session& s) {
  auto rows = s.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!rows) return tl::unexpected(rows.error());
  return rows->empty() ? 0 : static_cast<int>(rows->front().int_at(0));
}

// The engine's own message when there is one, without our "sqlite script
// failed:" wrapping, so the migration error reads naturally.
std::string reason(const Error& e) {
  for (const char* key : {"sqlite_message", "postgres_message"}) {
    if (auto it = e.details.find(key); it != e.details.end() && it->is_string()) return it->get<std::string>();
  }
  return e.message;
}

}  // namespace

std::span<const Migration> schema_migrations(Dialect dialect) {
  switch (dialect) {
    case Dialect::sqlite:
      return sqlite::migrations();
    case Dialect::postgres:
      return postgres::migrations();
  }
  return {};
}

static Result<int> module_version(Session& s, const std::string& module) {
  const Value params[] = {module};
  auto rows = s.query("SELECT COALESCE(MAX(version), 0) FROM module_migrations WHERE module = ?", params);
  if (!rows) return tl::unexpected(rows.error());
  return rows->empty() ? 0 : static_cast<int>(rows->front().int_at(0));
}

static Result<int> migrate_scope(Database& db, std::span<const Migration> migrations, const Clock& clock,
                          const std::string& module) {
  if (auto valid = validate(migrations); !valid) return tl::unexpected(valid.error());
  const int known = migrations.empty() ? 0 : migrations.back().version;

  int after = 0;
  // Everything, including creating schema_migrations, in one transaction: a
  // failure leaves the database exactly as it was.
  // Idempotent: it reads the version again on every attempt.
  auto done = db.transaction([&](Session& s) -> Result<void> {
    if (db.dialect() == Dialect::postgres) {
      if (auto locked = s.query(postgres::kMigrationLock); !locked) return tl::unexpected(locked.error());
    }
    if (auto created = s.execute(module.empty() ? kCreateTable : kCreateModuleTable); !created)
      return tl::unexpected(created.error());
    auto current = module.empty() ? current_version(s) : module_version(s, module);
    if (!current) return tl::unexpected(current.error());
    if (*current > known) {
      return fail(ErrorCode::internal,
                  fmt::format("database schema version {}{} is newer than this Helmarr (knows up to {}); upgrade Helmarr",
                              *current, module.empty() ? "" : " of module " + module, known));
    }
    after = *current;
    const std::string applied_at = iso8601(clock.wall());
    for (const auto& m : migrations) {
      if (m.version <= *current) continue;
      if (auto ran = s.execute_script(m.sql); !ran) {
        return fail(ran.error().code, fmt::format("migration {} ({}) failed: {}", m.version, m.name, reason(ran.error())),
                    ran.error().details);
      }
      auto recorded =
          module.empty()
              ? s.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                          std::vector<Value>{std::int64_t{m.version}, m.name, applied_at})
              : s.execute("INSERT INTO module_migrations (module, version, name, applied_at) VALUES (?, ?, ?, ?)",
                          std::vector<Value>{module, std::int64_t{m.version}, m.name, applied_at});
      if (!recorded) {
        return fail(recorded.error().code,
                    fmt::format("migration {} ({}) failed: recording it: {}", m.version, m.name,
                                reason(recorded.error())),
                    recorded.error().details);
      }
      after = m.version;
    }
    return {};
  }, Retry::idempotent);
  if (!done) return tl::unexpected(done.error());
  return after;
}

Result<int> migrate(Database& db, std::span<const Migration> migrations, const Clock& clock) {
  return migrate_scope(db, migrations, clock, "");
}

Result<int> migrate_module(Database& db, const std::string& module, std::span<const Migration> migrations,
                           const Clock& clock) {
  if (module.empty()) return fail(ErrorCode::internal, "a module's migrations need the module's name");
  return migrate_scope(db, migrations, clock, module);
}

Result<int> migrate(Database& db, const Clock& clock) { return migrate(db, schema_migrations(db.dialect()), clock); }

Result<int> schema_version(Database& db) {
  std::string_view table_exists;
  switch (db.dialect()) {
    case Dialect::sqlite:
      table_exists = sqlite::migrations_table_exists();
      break;
    case Dialect::postgres:
      table_exists = postgres::migrations_table_exists();
      break;
  }
  auto exists = db.query(table_exists);
  if (!exists) return tl::unexpected(exists.error());
  if (exists->empty()) return 0;
  return current_version(db);
}

}  // namespace helmarr::store
