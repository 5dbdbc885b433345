#pragma once
// database_url: which engine and where. Absent or "sqlite:PATH" is the
// embedded default; "postgres://user:pass@host:port/db" (or postgresql://),
// and libpq's keyword form ("host=/var/run/postgresql dbname=helmarr"),
// select PostgreSQL. Pure.
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/dialect.h"

namespace helmarr::store {

struct DatabaseUrl {
  Dialect dialect = Dialect::sqlite;
  std::string sqlite_path;  // sqlite: empty means the data directory's helmarr.db
  std::string conninfo;     // postgres: what libpq is given, unchanged
};

// Errors (invalid_request) name what is wrong, never the password.
Result<DatabaseUrl> parse_database_url(std::string_view url);

// The same text with any password replaced by "***": for logs, errors, the
// settings API and the CLI.
std::string redact_database_url(std::string_view url);

}  // namespace helmarr::store
