// Bytes as a magnet URI through parse_magnet_uri: no crash, and whatever
// parses has an info-hash of the right length and survives
// make_magnet_uri → parse_magnet_uri unchanged (hash, name, size).
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "torrent/magnet.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace helmarr::torrent;
  const std::string_view uri(reinterpret_cast<const char*>(data), size);
  const auto m = parse_magnet_uri(uri);
  if (!m) {
    FUZZ_CHECK(m.error().code == helmarr::ErrorCode::invalid_request);
    FUZZ_CHECK(!m.error().message.empty());
    return 0;
  }
  FUZZ_CHECK(!m->info_hash.empty());
  const auto hex = m->info_hash.hex();
  FUZZ_CHECK(hex.size() == (m->info_hash.v1 ? 40u : 64u));
  const auto again = parse_magnet_uri(make_magnet_uri(m->info_hash, m->name, m->size));
  FUZZ_CHECK(again.has_value());
  FUZZ_CHECK(again->info_hash == m->info_hash);
  FUZZ_CHECK(again->name == m->name);
  FUZZ_CHECK(again->size == m->size);
  return 0;
}
