#include "net/fetch_error.h"

#include <algorithm>
#include <array>
#include <vector>

#include <fmt/format.h>

namespace helmarr::net {

namespace {

constexpr std::string_view redacted = "***";

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  return out;
}

// Query parameter names that carry credentials in the services we talk to
// (apikey, api_key, X-Plex-Token, access_token, password, pass, sid, ...).
// Over-redacting a harmless value is cheap; leaking a key is not.
bool secret_name(std::string_view name) {
  static constexpr std::array<std::string_view, 9> marks = {"key",     "token", "pass", "secret",    "auth",
                                                            "session", "sid",   "sig",  "credential"};
  const std::string n = lower(name);
  return std::any_of(marks.begin(), marks.end(), [&](std::string_view m) { return n.find(m) != std::string::npos; });
}

// Where the parts of a URL are, as offsets into it.
struct UrlParts {
  std::size_t userinfo_begin = std::string_view::npos;  // npos: no userinfo
  std::size_t userinfo_end = 0;                         // the '@'
  std::size_t query_begin = std::string_view::npos;     // after '?'
  std::size_t query_end = 0;                            // '#' or the end
};

UrlParts split(std::string_view url) {
  UrlParts p;
  const auto scheme = url.find("://");
  const std::size_t authority = scheme == std::string_view::npos ? 0 : scheme + 3;
  const auto authority_end = std::min(url.find_first_of("/?#", authority), url.size());
  const auto at = url.substr(0, authority_end).rfind('@');
  if (at != std::string_view::npos && at >= authority) {
    p.userinfo_begin = authority;
    p.userinfo_end = at;
  }
  const auto fragment = std::min(url.find('#'), url.size());
  const auto q = url.substr(0, fragment).find('?');
  if (q != std::string_view::npos) {
    p.query_begin = q + 1;
    p.query_end = fragment;
  }
  return p;
}

// Calls fn(value_begin, value_end) for each query parameter with a secret name.
template <class Fn>
void each_secret_value(std::string_view url, const UrlParts& p, Fn fn) {
  if (p.query_begin == std::string_view::npos) return;
  std::size_t i = p.query_begin;
  while (i <= p.query_end) {
    const auto amp = std::min(url.find('&', i), p.query_end);
    const auto pair = url.substr(i, amp - i);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && secret_name(pair.substr(0, eq))) fn(i + eq + 1, amp);
    i = amp + 1;
  }
}

}  // namespace

Error fetch_error(std::string_view kind, std::string_view upstream, std::string_view method, std::string_view url,
                  std::string_view what) {
  const std::string safe_url = redact_url(url);
  Error e;
  e.code = kind == kind::invalid_request ? ErrorCode::invalid_request : ErrorCode::unavailable;
  e.message = fmt::format("{}: {} {}: {}", upstream, method, safe_url, scrub_secrets(std::string(what), url));
  e.details = {{"kind", std::string(kind)}, {"upstream", std::string(upstream)}, {"url", safe_url}};
  return e;
}

std::string kind_of(const Error& error) {
  const auto it = error.details.find("kind");
  return it != error.details.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string redact_url(std::string_view url) {
  const UrlParts p = split(url);
  // Replacements, back to front so earlier offsets stay valid.
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  if (p.userinfo_begin != std::string_view::npos) spans.emplace_back(p.userinfo_begin, p.userinfo_end);
  each_secret_value(url, p, [&](std::size_t b, std::size_t e) { spans.emplace_back(b, e); });
  std::string out(url);
  for (auto it = spans.rbegin(); it != spans.rend(); ++it) out.replace(it->first, it->second - it->first, redacted);
  return out;
}

std::string scrub_secrets(std::string text, std::string_view url) {
  const UrlParts p = split(url);
  std::vector<std::string> secrets;
  if (p.userinfo_begin != std::string_view::npos) {
    const auto info = url.substr(p.userinfo_begin, p.userinfo_end - p.userinfo_begin);
    const auto colon = info.find(':');
    secrets.emplace_back(info.substr(0, colon));
    if (colon != std::string_view::npos) secrets.emplace_back(info.substr(colon + 1));
  }
  each_secret_value(url, p, [&](std::size_t b, std::size_t e) { secrets.emplace_back(url.substr(b, e - b)); });
  // Longest first, so a secret that contains another is replaced whole.
  std::sort(secrets.begin(), secrets.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  for (const auto& s : secrets) {
    if (s.empty()) continue;
    for (auto pos = text.find(s); pos != std::string::npos; pos = text.find(s, pos + redacted.size())) {
      text.replace(pos, s.size(), redacted);
    }
  }
  return text;
}

}  // namespace helmarr::net
