#pragma once
// Forward-only numbered migrations, applied at startup in one transaction:
// either all pending ones apply or the database is left exactly as it was.
#include <span>
#include <string>
#include <vector>

#include "store/database.h"

namespace helmarr::store {

struct Migration {
  int version;        // 1, 2, 3 ... strictly increasing
  std::string name;   // "settings"
  std::string sql;    // one or more statements
};

// Helmarr's own schema, in order.
std::span<const Migration> schema_migrations();

// Applies the pending ones; records each in schema_migrations(version, name,
// applied_at). Returns the schema version after. Fails (and changes nothing)
// if a migration fails, or if the database is newer than this binary knows.
Result<int> migrate(Database& db, std::span<const Migration> migrations);
Result<int> schema_version(Database& db);

}  // namespace helmarr::store
