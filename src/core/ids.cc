#include "core/ids.h"

#include "core/crypto.h"

namespace helmarr {

std::string make_id(std::string_view prefix) {
  std::string id(prefix);
  id += '_';
  id += random_hex(8);
  return id;
}

}  // namespace helmarr
