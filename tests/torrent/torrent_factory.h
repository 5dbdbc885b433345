#pragma once
// Real .torrent files for the tests, written by libtorrent's create_torrent
// with made-up piece hashes (nothing reads the content), and the info-hashes
// libtorrent computes for them. libtorrent stays in the .cc: its
// create_torrent.hpp needs the Asio TS executors the build turns off.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "torrent/info_hash.h"

namespace helmarr::torrent::testing {

enum class Kind { v1, v2, hybrid };

struct TorrentSpec {
  Kind kind = Kind::v1;
  // Paths as libtorrent takes them: "name" alone for a single file, or
  // "name/dir/file" for every file of a multi-file torrent.
  std::vector<std::pair<std::string, std::int64_t>> files;
  bool is_private = false;
  std::vector<std::string> trackers;  // one tier each, in order
  std::string comment;
  std::optional<std::int64_t> creation_date;
  int piece_size = 16 * 1024;
};

struct MadeTorrent {
  std::string bytes;  // the bencoded .torrent
  InfoHash expected_hash;  // SHA-1 / SHA-256 of the bencoded info dictionary
  int pad_files = 0;  // pad files libtorrent inserted
};

MadeTorrent make_torrent(const TorrentSpec& spec);

}  // namespace helmarr::torrent::testing
