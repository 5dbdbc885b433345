// Helmarr's schema for SQLite, one numbered migration at a time. Never edit
// a migration that has shipped (migrations_test.cc holds their digests):
// append a new one, here and in every other dialect's list under the same
// version. Types and timestamps stay as close to portable as the engine
// allows (TEXT timestamps in ISO-8601 UTC, JSON as TEXT); what cannot be
// (AUTOINCREMENT) is why each dialect has its own list.
#include <vector>

#include "store/sqlite/migrations.h"

namespace helmarr::store::sqlite {

std::span<const Migration> migrations() {
  static const std::vector<Migration> migrations = {
      {1, "foundation", R"sql(
CREATE TABLE settings_overrides (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,          -- JSON
  updated_at TEXT NOT NULL
);

CREATE TABLE settings_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('override_set', 'override_removed')),
  old_value TEXT,               -- JSON, NULL when there was none
  new_value TEXT,               -- JSON, NULL when there is none
  changed_by TEXT NOT NULL,
  changed_at TEXT NOT NULL
);
CREATE INDEX settings_audit_key ON settings_audit (key, id);

CREATE TABLE secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
)sql"},
      {2, "job_leases", R"sql(
-- Jobs that run once per cluster (system/job_lease.h): who runs one, until
-- when, and when a run last started (unix milliseconds).
CREATE TABLE job_leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  lease_until INTEGER NOT NULL
);
)sql"},
  };
  return migrations;
}

// Whether the bookkeeping table exists yet (a database never migrated).
std::string_view migrations_table_exists() {
  return "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
}

}  // namespace helmarr::store::sqlite
