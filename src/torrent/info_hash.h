#pragma once
// A torrent's identity: the SHA-1 info-hash of v1 metainfo, the SHA-256 one
// of v2, or both for a hybrid. Pure value type, no libtorrent.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace helmarr::torrent {

using Sha1 = std::array<std::uint8_t, 20>;
using Sha256 = std::array<std::uint8_t, 32>;

struct InfoHash {
  std::optional<Sha1> v1;
  std::optional<Sha256> v2;

  bool empty() const { return !v1 && !v2; }
  // The hash Helmarr shows: v1 as 40 hex digits when known, else v2 as 64.
  std::string hex() const;
  friend bool operator==(const InfoHash&, const InfoHash&) = default;
};

// Lower-case hex of any bytes.
std::string to_hex(std::span<const std::uint8_t> bytes);
// 40 hex digits → v1, 64 → v2 (either case). Anything else is
// invalid_request naming what is wrong ("info_hash must be 40 or 64 hex
// digits, got 12 characters").
Result<InfoHash> parse_info_hash_hex(std::string_view hex);

}  // namespace helmarr::torrent
