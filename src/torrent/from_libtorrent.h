#pragma once
// Internal to src/torrent (it includes libtorrent): libtorrent's info-hash
// pair as Helmarr's InfoHash.
#include <algorithm>

#include <libtorrent/info_hash.hpp>

#include "torrent/info_hash.h"

namespace helmarr::torrent {

inline InfoHash from_libtorrent(const libtorrent::info_hash_t& ih) {
  InfoHash h;
  if (ih.has_v1()) std::copy(ih.v1.begin(), ih.v1.end(), h.v1.emplace().begin());
  if (ih.has_v2()) std::copy(ih.v2.begin(), ih.v2.end(), h.v2.emplace().begin());
  return h;
}

}  // namespace helmarr::torrent
