#include "store/table_copy.h"

#include <string>
#include <vector>

#include <fmt/format.h>

namespace helmarr::store {
namespace {

std::vector<std::string_view> split_columns(std::string_view columns) {
  std::vector<std::string_view> out;
  while (!columns.empty()) {
    const auto comma = columns.find(',');
    std::string_view c = columns.substr(0, comma);
    while (!c.empty() && c.front() == ' ') c.remove_prefix(1);
    while (!c.empty() && c.back() == ' ') c.remove_suffix(1);
    if (!c.empty()) out.push_back(c);
    if (comma == std::string_view::npos) break;
    columns.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

Result<std::int64_t> copy_table(Database& from, Database& to, const TableCopySpec& spec, std::size_t batch) {
  const auto columns = split_columns(spec.columns);
  if (columns.empty() || batch == 0) return fail(ErrorCode::internal, "copy_table: no columns or an empty batch");
  const std::string_view key = columns.front();
  std::string marks, updates;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    marks += i ? ", ?" : "?";
    if (i) updates += fmt::format("{}{} = excluded.{}", updates.empty() ? "" : ", ", columns[i], columns[i]);
  }
  const std::string conflict = spec.replace && !updates.empty()
                                   ? fmt::format("ON CONFLICT ({}) DO UPDATE SET {}", key, updates)
                                   : std::string("ON CONFLICT DO NOTHING");
  const std::string insert =
      fmt::format("INSERT INTO {} ({}) VALUES ({}) {}", spec.table, spec.columns, marks, conflict);
  const std::string first = fmt::format("SELECT {} FROM {} ORDER BY {} LIMIT ?", spec.columns, spec.table, key);
  const std::string next =
      fmt::format("SELECT {} FROM {} WHERE {} > ? ORDER BY {} LIMIT ?", spec.columns, spec.table, key, key);
  std::int64_t copied = 0;
  std::optional<Value> last;
  for (;;) {
    std::vector<Value> p;
    if (last) p.push_back(*last);
    p.emplace_back(static_cast<std::int64_t>(batch));
    auto rows = from.query(last ? next : first, p);
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return copied;
    auto written = to.transaction([&](Session& s) -> Result<void> {
      for (const auto& row : *rows) {
        if (auto done = s.execute(insert, row.values); !done) return tl::unexpected(done.error());
      }
      return {};
    }, Retry::idempotent);
    if (!written) return tl::unexpected(written.error());
    copied += static_cast<std::int64_t>(rows->size());
    last = rows->back().values.front();
  }
}

Result<void> continue_identity(Session& s, Dialect dialect, std::string_view table, std::string_view column) {
  if (dialect != Dialect::postgres) return {};
  auto done = s.query(fmt::format("SELECT setval(pg_get_serial_sequence('{0}', '{1}'), "
                                  "(SELECT coalesce(max({1}), 0) + 1 FROM {0}), false)",
                                  table, column));
  if (!done) return tl::unexpected(done.error());
  return {};
}

Result<std::int64_t> count_rows(Session& s, std::string_view table) {
  auto rows = s.query(fmt::format("SELECT count(*) FROM {}", table));
  if (!rows) return tl::unexpected(rows.error());
  return rows->empty() ? 0 : rows->front().int_at(0);
}

}  // namespace helmarr::store
