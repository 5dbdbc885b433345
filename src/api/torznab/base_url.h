#pragma once
// The address a client reached Helmarr at, for links it should follow back
// (guid, comments): scheme and Host of the request when they are well
// formed, the configured address otherwise. A Host header is the client's
// word; it is only ever echoed to that same client, and only in a shape
// that cannot break out of a URL (host name, IPv4 or [IPv6], :port).
#include <string>
#include <string_view>

#include "http/request.h"

namespace helmarr::api::torznab {

// "helmarr.lan:8000", "[::1]:8000", "10.0.0.2": true. Anything with a
// path, user info, spaces or a port outside 1-65535: false.
bool is_valid_host(std::string_view host);

// "http://host[:port]" without a trailing slash. Scheme: X-Forwarded-Proto
// (http or https) when a proxy set it, else the fallback's, else http.
// Without a valid Host the fallback itself, trailing slash removed.
std::string request_base_url(const http::Request& req, std::string_view fallback);

}  // namespace helmarr::api::torznab
