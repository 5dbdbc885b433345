#pragma once
// Copying a table's rows from one database to another, whatever the two
// engines: read in key order a batch at a time, written a batch per
// transaction, so a copy that stops keeps what it committed and a second
// run skips (or, for key-value tables, refreshes) what is there.
#include <cstdint>
#include <string_view>

#include "core/result.h"
#include "store/database.h"

namespace helmarr::store {

struct TableCopySpec {
  std::string_view table;
  std::string_view columns;  // "key, value, updated_at"; the first is the key
  // Key-value tables (settings, secrets): the source's value replaces the
  // target's. Otherwise (append-only rows with ids) a row already there stays.
  bool replace = false;
};

// Rows copied. Rows are read key > last, in key order, `batch` at a time.
Result<std::int64_t> copy_table(Database& from, Database& to, const TableCopySpec& spec, std::size_t batch);

// After rows came with their ids: PostgreSQL's identity for table.column
// continues after the highest (SQLite's rowid does by itself).
Result<void> continue_identity(Session& s, Dialect dialect, std::string_view table, std::string_view column);

Result<std::int64_t> count_rows(Session& s, std::string_view table);

}  // namespace helmarr::store
