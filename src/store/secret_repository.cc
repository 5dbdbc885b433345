#include "store/secret_repository.h"

#include <chrono>

#include "core/clock.h"

namespace helmarr::store {

Result<std::optional<std::string>> SecretRepository::get(const std::string& name) {
  const Value params[] = {name};
  auto rows = db_.query("SELECT value FROM secrets WHERE name = ?", params);
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<std::string>{};
  return std::optional<std::string>{rows->front().text_at(0)};
}

Result<void> SecretRepository::put(const std::string& name, const std::string& value) {
  const Value params[] = {name, value, iso8601(std::chrono::system_clock::now())};
  auto done = db_.execute(
      "INSERT INTO secrets (name, value, updated_at) VALUES (?, ?, ?) "
      "ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
      params);
  if (!done) return tl::unexpected(done.error());
  return {};
}

}  // namespace helmarr::store
