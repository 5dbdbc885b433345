#include "torrent/torrent_factory.h"

#include <algorithm>
#include <iterator>

#include <libtorrent/bencode.hpp>
#include <libtorrent/create_torrent.hpp>
#include <libtorrent/hasher.hpp>

namespace helmarr::torrent::testing {

MadeTorrent make_torrent(const TorrentSpec& spec) {
  namespace lt = libtorrent;
  lt::file_storage fs;
  for (const auto& [path, size] : spec.files) fs.add_file(path, size);
  lt::create_flags_t flags{};
  if (spec.kind == Kind::v1) flags = lt::create_torrent::v1_only;
  if (spec.kind == Kind::v2) flags = lt::create_torrent::v2_only;
  lt::create_torrent t(fs, spec.piece_size, flags);
  if (spec.kind != Kind::v2) {
    for (const auto p : t.piece_range()) t.set_hash(p, lt::hasher(reinterpret_cast<const char*>(&p), sizeof p).final());
  }
  int pads = 0;
  for (const auto f : t.file_range()) {
    if (t.files().pad_file_at(f)) ++pads;
    if (spec.kind == Kind::v1 || t.files().pad_file_at(f) || t.files().file_size(f) == 0) continue;
    for (const auto p : t.file_piece_range(f)) t.set_hash2(f, p, lt::hasher256(reinterpret_cast<const char*>(&p), sizeof p).final());
  }
  t.set_priv(spec.is_private);
  int tier = 0;
  for (const auto& url : spec.trackers) t.add_tracker(url, tier++);
  if (!spec.comment.empty()) t.set_comment(spec.comment.c_str());
  lt::entry e = t.generate();
  if (spec.creation_date) e["creation date"] = *spec.creation_date;
  else e.dict().erase("creation date");

  MadeTorrent made;
  made.pad_files = pads;
  lt::bencode(std::back_inserter(made.bytes), e);
  std::string info;
  lt::bencode(std::back_inserter(info), e["info"]);
  if (spec.kind != Kind::v2) {
    const auto h = lt::hasher(info).final();
    std::copy(h.begin(), h.end(), made.expected_hash.v1.emplace().begin());
  }
  if (spec.kind != Kind::v1) {
    const auto h = lt::hasher256(info).final();
    std::copy(h.begin(), h.end(), made.expected_hash.v2.emplace().begin());
  }
  return made;
}

}  // namespace helmarr::torrent::testing
