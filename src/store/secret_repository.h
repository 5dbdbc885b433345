#pragma once
// Small named values the server keeps for itself (the API key's hash).
#include <optional>
#include <string>

#include "store/database.h"

namespace helmarr::store {

class SecretRepository {
 public:
  explicit SecretRepository(Database& db) : db_(db) {}
  Result<std::optional<std::string>> get(const std::string& name);
  Result<void> put(const std::string& name, const std::string& value);

 private:
  Database& db_;
};

}  // namespace helmarr::store
