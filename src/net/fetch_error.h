#pragma once
// The errors a fetch ends with. The kind (Error.details["kind"]) tells them
// apart for callers and metrics; the message names the upstream, the host and
// what went wrong, never credentials.
#include <string>
#include <string_view>

#include "core/result.h"

namespace helmarr::net {

namespace kind {
inline constexpr std::string_view dns = "dns";                          // host name did not resolve
inline constexpr std::string_view connect = "connect";                  // refused, unreachable
inline constexpr std::string_view timeout = "timeout";                  // connect or total timeout
inline constexpr std::string_view tls = "tls";                          // handshake or certificate
inline constexpr std::string_view too_large = "too_large";              // response over max_response_bytes
inline constexpr std::string_view redirect = "redirect";                // too many, or to a scheme other than http(s)
inline constexpr std::string_view cancelled = "cancelled";              // stop_token, or the engine stopped
inline constexpr std::string_view protocol = "protocol";                // malformed or truncated response
inline constexpr std::string_view invalid_request = "invalid_request";  // the request itself is wrong
}  // namespace kind

// ErrorCode::invalid_request for kind::invalid_request, else unavailable.
// details: {"kind", "upstream", "url" (redacted)}.
Error fetch_error(std::string_view kind, std::string_view upstream, std::string_view method, std::string_view url,
                  std::string_view what);

// The kind of an error from fetch ("" for an error that has none).
std::string kind_of(const Error& error);

// The URL with userinfo and secret-looking query values (api keys, tokens,
// passwords) replaced by "***", for messages and logs.
std::string redact_url(std::string_view url);
// Text (a curl message, say) with every secret of url replaced by "***".
std::string scrub_secrets(std::string text, std::string_view url);

}  // namespace helmarr::net
