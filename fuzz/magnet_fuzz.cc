// Bytes as a magnet URI through parse_magnet_uri: no crash, and whatever
// parses has an info-hash of the right length and survives
// make_magnet_uri → parse_magnet_uri unchanged (hash, name, size).
#include <cstdint>
#include <string_view>

#include "torrent/magnet.h"
#include "torrent_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace helmarr;
  const std::string_view uri(reinterpret_cast<const char*>(data), size);
  const auto m = torrent::parse_magnet_uri(uri);
  if (!m) {
    fuzz::check_refusal(m.error());
    return 0;
  }
  fuzz::check_accepted(m->info_hash, m->name, m->size);
  return 0;
}
