#pragma once
// Forward-only numbered migrations, applied at startup in one transaction:
// either all pending ones apply or the database is left exactly as it was.
// Each dialect keeps its own list (src/store/<dialect>/migrations.cc); the
// versions mean the same schema in every dialect.
#include <span>
#include <string>
#include <vector>

#include "core/clock.h"
#include "store/database.h"

namespace helmarr::store {

struct Migration {
  int version;        // 1, 2, 3 ... strictly increasing
  std::string name;   // "settings"
  std::string sql;    // one or more statements
};

// Helmarr's own schema for the dialect, in order.
std::span<const Migration> schema_migrations(Dialect dialect);

// Applies the pending ones; records each in schema_migrations(version, name,
// applied_at) with the clock's wall time. Returns the schema version after.
// Fails (and changes nothing) if a migration fails, or if the database is
// newer than this binary knows.
Result<int> migrate(Database& db, std::span<const Migration> migrations, const Clock& clock = SystemClock::instance());
// Helmarr's schema for db.dialect().
Result<int> migrate(Database& db, const Clock& clock = SystemClock::instance());
Result<int> schema_version(Database& db);
// A module's own migrations, numbered from 1 independently of Helmarr's and
// of other modules', recorded in module_migrations(module, version, ...).
// Same guarantees: one transaction, all or nothing.
Result<int> migrate_module(Database& db, const std::string& module, std::span<const Migration> migrations,
                           const Clock& clock = SystemClock::instance());

}  // namespace helmarr::store
