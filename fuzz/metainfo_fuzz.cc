// Bytes as a .torrent file through parse_metainfo: no crash, and whatever
// parses has an info-hash of the right length, a bounded file list and a
// magnet URI that parses back to the same hash.
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "torrent/magnet.h"
#include "torrent/metainfo.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace helmarr::torrent;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto m = parse_metainfo(bytes, {.max_files = 8});
  if (!m) {
    FUZZ_CHECK(m.error().code == helmarr::ErrorCode::invalid_request);
    FUZZ_CHECK(!m.error().message.empty());
    return 0;
  }
  FUZZ_CHECK(!m->info_hash.empty());
  const auto hex = m->info_hash.hex();
  FUZZ_CHECK(hex.size() == (m->info_hash.v1 ? 40u : 64u));
  FUZZ_CHECK(m->files.size() <= 8u && m->files.size() <= m->file_count);
  const auto magnet = parse_magnet_uri(make_magnet_uri(m->info_hash, m->name, m->total_size));
  FUZZ_CHECK(magnet.has_value());
  FUZZ_CHECK(magnet->info_hash == m->info_hash);
  FUZZ_CHECK(magnet->name == m->name);
  FUZZ_CHECK(magnet->size == m->total_size);
  return 0;
}
