#include "net/http_response.h"

namespace helmarr::net {

std::string_view HttpResponse::header(std::string_view name) const {
  return find_header(headers, name);
}

std::vector<std::string_view> HttpResponse::header_values(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const auto& [n, v] : headers) {
    if (iequals(n, name)) out.push_back(v);
  }
  return out;
}

}  // namespace helmarr::net
