#pragma once
// SQLite's list of Helmarr's migrations and its catalog query; the runner
// (store/migrations.cc) picks them for Dialect::sqlite.
#include <span>
#include <string_view>

#include "store/migrations.h"

namespace helmarr::store::sqlite {

std::span<const Migration> migrations();
// A row when the schema_migrations table exists.
std::string_view migrations_table_exists();

}  // namespace helmarr::store::sqlite
