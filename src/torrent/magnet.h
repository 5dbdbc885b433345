#pragma once
// Magnet URIs (BEP 9, BEP 53 for v2): built for every torrent the library
// serves, and parsed when one is imported.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "torrent/info_hash.h"

namespace helmarr::torrent {

// magnet:?xt=urn:btih:<v1 hex>[&xt=urn:btmh:1220<v2 hex>]&dn=<name>[&xl=<size>]
// with the name percent-encoded (RFC 3986 unreserved characters kept).
std::string make_magnet_uri(const InfoHash& hash, std::string_view name, std::optional<std::uint64_t> size = {});

struct Magnet {
  InfoHash info_hash;
  std::string name;                    // dn, percent-decoded; bytes as sent (not checked for UTF-8)
  std::optional<std::uint64_t> size;   // xl
  std::vector<std::string> trackers;   // tr, in the order given
};

inline constexpr std::size_t kMaxMagnetUriBytes = 64 * 1024;

// Parses a magnet URI from outside: at most kMaxMagnetUriBytes, "magnet:?",
// at least one xt=urn:btih: (40 hex or 32 base32) or xt=urn:btmh:1220 (64
// hex). Anything else is invalid_request naming the problem. Inverse of
// make_magnet_uri for the hash, name and size.
Result<Magnet> parse_magnet_uri(std::string_view uri);

}  // namespace helmarr::torrent
