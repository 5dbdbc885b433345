#include "api/torznab/base_url.h"

#include <strings.h>

#include <cctype>

namespace helmarr::api::torznab {

namespace {

bool is_port(std::string_view p) {
  if (p.empty() || p.size() > 5) return false;
  int v = 0;
  for (char c : p) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  return v >= 1 && v <= 65535;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

bool is_valid_host(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  std::string_view name = host;
  std::string_view port;
  if (host.front() == '[') {
    const auto close = host.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    for (char c : host.substr(1, close - 1))
      if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.')) return false;
    const auto rest = host.substr(close + 1);
    if (rest.empty()) return true;
    return rest.front() == ':' && is_port(rest.substr(1));
  }
  if (const auto colon = host.rfind(':'); colon != std::string_view::npos) {
    name = host.substr(0, colon);
    port = host.substr(colon + 1);
    if (!is_port(port)) return false;
  }
  if (name.empty() || name.front() == '-' || name.front() == '.') return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_')) return false;
  return true;
}

std::string request_base_url(const http::Request& req, std::string_view fallback) {
  while (!fallback.empty() && fallback.back() == '/') fallback.remove_suffix(1);
  const auto host = req.headers.get("Host");
  if (!host || !is_valid_host(*host)) return std::string(fallback);
  std::string scheme = "http";
  if (fallback.substr(0, 8) == "https://") scheme = "https";
  if (auto proto = req.headers.get("X-Forwarded-Proto")) {
    if (iequals(*proto, "https")) scheme = "https";
    if (iequals(*proto, "http")) scheme = "http";
  }
  return scheme + "://" + std::string(*host);
}

}  // namespace helmarr::api::torznab
