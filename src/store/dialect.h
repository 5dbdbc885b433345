#pragma once
// Which SQL engine a Database speaks. Portable SQL lives beside the
// repositories; what differs per engine lives in src/store/<dialect>/.
#include <string_view>

namespace helmarr::store {

enum class Dialect { sqlite, postgres };

constexpr std::string_view dialect_name(Dialect d) {
  switch (d) {
    case Dialect::sqlite:
      return "sqlite";
    case Dialect::postgres:
      return "postgres";
  }
  return "unknown";
}

}  // namespace helmarr::store
