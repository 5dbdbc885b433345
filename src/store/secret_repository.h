#pragma once
// Small named values the server keeps for itself (the API key's hash).
// Callers see this interface; the SQL behind it (sql_secret_repository.cc)
// is made by the factory.
#include <memory>
#include <optional>
#include <string>

#include "core/clock.h"
#include "store/database.h"

namespace helmarr::store {

class SecretRepository {
 public:
  virtual ~SecretRepository() = default;
  virtual Result<std::optional<std::string>> get(const std::string& name) = 0;
  virtual Result<void> put(const std::string& name, const std::string& value) = 0;
};

std::unique_ptr<SecretRepository> make_secret_repository(Database& db, const Clock& clock);

}  // namespace helmarr::store
