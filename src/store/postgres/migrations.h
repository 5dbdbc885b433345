#pragma once
// Helmarr's schema for PostgreSQL: the same versions as every dialect's list.
#include <span>
#include <string_view>

#include "store/migrations.h"

namespace helmarr::store::postgres {

std::span<const Migration> migrations();
std::string_view migrations_table_exists();

// Taken at the start of every migration transaction: processes starting at
// once on one database migrate one after the other, each seeing what the
// previous one applied.
inline constexpr std::string_view kMigrationLock = "SELECT pg_advisory_xact_lock(4851020001)";

}  // namespace helmarr::store::postgres
