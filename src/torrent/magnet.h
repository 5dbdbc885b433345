#pragma once
// Magnet URIs (BEP 9, BEP 53 for v2): built for every torrent the library
// serves, and parsed when one is imported.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "torrent/info_hash.h"

namespace helmarr::torrent {

// magnet:?xt=urn:btih:<v1 hex>[&xt=urn:btmh:1220<v2 hex>]&dn=<name>[&xl=<size>]
// with the name percent-encoded (RFC 3986 unreserved characters kept).
std::string make_magnet_uri(const InfoHash& hash, std::string_view name, std::optional<std::uint64_t> size = {});

}  // namespace helmarr::torrent
