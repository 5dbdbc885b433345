#include "core/ids.h"

#include "core/crypto.h"

namespace helmarr {

std::string make_id(std::string_view prefix) {
  std::string id(prefix);
  id += '_';
  id += random_hex(8);
  return id;
}

bool is_safe_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace helmarr
