#include "store/database_url.h"

#include <fmt/format.h>

namespace helmarr::store {
namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool is_uri(std::string_view s) { return starts_with(s, "postgres://") || starts_with(s, "postgresql://"); }

// libpq's keyword form: "key=value" pairs, values optionally single-quoted.
bool is_keyword_form(std::string_view s) {
  const auto eq = s.find('=');
  if (eq == std::string_view::npos || eq == 0) return false;
  for (char c : s.substr(0, eq)) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ' ')) return false;
  }
  return true;
}

}  // namespace

Result<DatabaseUrl> parse_database_url(std::string_view url) {
  DatabaseUrl out;
  if (url.empty()) return out;
  if (starts_with(url, "sqlite:")) {
    std::string_view path = url.substr(7);
    if (starts_with(path, "//")) path.remove_prefix(2);  // sqlite:///abs/path
    if (path.empty()) return fail(ErrorCode::invalid_request, "database_url: sqlite: needs a file path (sqlite:PATH)");
    out.sqlite_path = std::string(path);
    return out;
  }
  if (is_uri(url)) {
    const auto rest = url.substr(url.find("://") + 3);
    const auto host_end = rest.find_first_of("/?");
    const auto authority = rest.substr(0, host_end);
    const auto at = authority.rfind('@');
    const auto host = at == std::string_view::npos ? authority : authority.substr(at + 1);
    const bool socket_in_query = rest.find("host=") != std::string_view::npos;
    if (host.empty() && !socket_in_query) {
      return fail(ErrorCode::invalid_request,
                  fmt::format("database_url {}: no host (postgres://user:pass@host:port/db, or ?host=/socket/dir)",
                              redact_database_url(url)));
    }
    out.dialect = Dialect::postgres;
    out.conninfo = std::string(url);
    return out;
  }
  if (is_keyword_form(url)) {
    out.dialect = Dialect::postgres;
    out.conninfo = std::string(url);
    return out;
  }
  return fail(ErrorCode::invalid_request,
              fmt::format("database_url {}: not sqlite:PATH, postgres://... or host=... dbname=...",
                          redact_database_url(url)));
}

std::string redact_database_url(std::string_view url) {
  std::string out(url);
  if (url.find("://") != std::string_view::npos) {  // any scheme: a mistaken URL may hold a password too
    // scheme://user:password@host -> scheme://user:***@host
    const auto start = out.find("://") + 3;
    const auto end = out.find_first_of("/?", start);
    const auto authority_end = end == std::string::npos ? out.size() : end;
    const auto at = out.rfind('@', authority_end);
    if (at != std::string::npos && at > start) {
      const auto colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // password=... anywhere (keyword form, or a URI's ?password=...).
  for (std::size_t at = out.find("password="); at != std::string::npos; at = out.find("password=", at + 1)) {
    const std::size_t value = at + 9;
    std::size_t end = value;
    if (end < out.size() && out[end] == '\'') {
      end = out.find('\'', end + 1);
      end = end == std::string::npos ? out.size() : end + 1;
    } else {
      end = out.find_first_of(" &", value);
      if (end == std::string::npos) end = out.size();
    }
    out.replace(value, end - value, "***");
  }
  return out;
}

}  // namespace helmarr::store
