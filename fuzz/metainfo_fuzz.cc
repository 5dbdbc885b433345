// Bytes as a .torrent file through parse_metainfo: no crash, and whatever
// parses has an info-hash of the right length, a bounded file list and a
// magnet URI that parses back to the same hash, name and size.
#include <cstdint>
#include <string_view>

#include "torrent/metainfo.h"
#include "torrent_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace helmarr;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto m = torrent::parse_metainfo(bytes, {.max_files = 8});
  if (!m) {
    fuzz::check_refusal(m.error());
    return 0;
  }
  FUZZ_CHECK(m->files.size() <= 8u && m->files.size() <= m->file_count);
  fuzz::check_accepted(m->info_hash, m->name, m->total_size);
  return 0;
}
