// Helmarr's schema, one numbered migration at a time. Never edit a migration
// that has shipped: append a new one. SQL stays portable between SQLite and
// PostgreSQL where it can (TEXT timestamps in ISO-8601 UTC, JSON as TEXT).
#include <vector>

#include "store/migrations.h"

namespace helmarr::store {

std::span<const Migration> schema_migrations() {
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
  };
  return migrations;
}

}  // namespace helmarr::store
