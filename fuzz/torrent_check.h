#pragma once
// What the metainfo and magnet targets assert about src/torrent's results:
// a refusal is an invalid_request with a reason; an accepted torrent has an
// info-hash of the right length, and its magnet URI parses back unchanged.
#include <cstdint>
#include <optional>
#include <string>

#include "fuzz_check.h"
#include "torrent/magnet.h"

namespace helmarr::fuzz {

inline void check_refusal(const Error& e) {
  FUZZ_CHECK(e.code == ErrorCode::invalid_request);
  FUZZ_CHECK(!e.message.empty());
}

inline void check_accepted(const torrent::InfoHash& hash, const std::string& name, std::optional<std::uint64_t> size) {
  FUZZ_CHECK(!hash.empty());
  FUZZ_CHECK(hash.hex().size() == (hash.v1 ? 40u : 64u));
  const auto magnet = torrent::parse_magnet_uri(torrent::make_magnet_uri(hash, name, size));
  FUZZ_CHECK(magnet.has_value());
  FUZZ_CHECK(magnet->info_hash == hash);
  FUZZ_CHECK(magnet->name == name);
  FUZZ_CHECK(magnet->size == size);
}

}  // namespace helmarr::fuzz
