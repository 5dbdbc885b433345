#pragma once
// An in-memory SQLite database with Helmarr's schema, for tests of the
// services above the store. Failing to open it is a broken test environment:
// it throws, and GoogleTest reports the test as failed with the reason.
#include <memory>
#include <stdexcept>

#include "store/database.h"
#include "store/migrations.h"

namespace helmarr::testing {

inline std::unique_ptr<store::Database> migrated_memory_db() {
  auto opened = store::open_sqlite({.path = ":memory:"});
  if (!opened) throw std::runtime_error("open_sqlite(:memory:): " + opened.error().message);
  auto migrated = store::migrate(**opened);
  if (!migrated) throw std::runtime_error("migrate: " + migrated.error().message);
  return std::move(*opened);
}

}  // namespace helmarr::testing
