#pragma once
// .torrent files (BEP 3 v1, BEP 52 v2 and hybrid) read into the fields the
// library stores. The bytes come from outside: anything malformed or beyond
// the limits is an invalid_request naming what is wrong, never a crash.
// libtorrent stays in metainfo.cc: other layers include this header.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "torrent/info_hash.h"

namespace helmarr::torrent {

struct MetainfoLimits {
  std::size_t max_bytes = 10 * 1024 * 1024;  // bigger input is refused before decoding
  std::uint32_t max_files = 100;             // files kept in Metainfo::files
  int max_decode_depth = 100;                // bencode nesting
  int max_decode_tokens = 3'000'000;         // bencode items (a file entry is ~6)
  int max_pieces = 0x200000;                 // libtorrent's own default, stated
};

struct MetainfoFile {
  // '/'-separated, relative to the torrent's directory (for a single-file
  // torrent, the name itself). libtorrent sanitises the elements ("..", "/").
  std::string path;
  std::uint64_t size = 0;
  friend bool operator==(const MetainfoFile&, const MetainfoFile&) = default;
};

struct Metainfo {
  InfoHash info_hash;  // v1, v2 or both, as the file has them
  std::string name;
  std::uint64_t total_size = 0;  // the content: pad files not counted
  std::uint32_t file_count = 0;  // every file but pad files, beyond max_files too
  std::vector<MetainfoFile> files;  // the first max_files, metainfo order, no pad files
  bool is_private = false;
  std::vector<std::string> trackers;  // announce-list (or announce), tier order
  std::optional<std::int64_t> creation_date;  // seconds since the epoch, when present
  std::string comment;
};

Result<Metainfo> parse_metainfo(std::string_view bytes, const MetainfoLimits& limits = {});

}  // namespace helmarr::torrent
