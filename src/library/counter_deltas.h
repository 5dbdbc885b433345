#pragma once
// Changes to the library's maintained counters (torrents, releases, per
// content type, per category, last added) over one batch: kept as numbers
// per record and written once at the batch's end, in SQL both engines speak.
#include <array>
#include <cstdint>
#include <map>

#include "library/torrent_record.h"
#include "store/database.h"

namespace helmarr::library {

class CounterDeltas {
 public:
  void add(const TorrentRecord& r, std::int64_t sign) {
    torrents_ += sign;
    if (r.content_type != media::ContentType::unknown) releases_ += sign;
    by_type_[static_cast<std::size_t>(r.content_type)] += sign;
    for (int c : r.categories) by_category_[c] += sign;
  }
  void added_at(std::int64_t t) { last_added_ = t > last_added_ ? t : last_added_; }

  Result<void> write(store::Session& s) const;

 private:
  std::int64_t torrents_ = 0;
  std::int64_t releases_ = 0;
  std::array<std::int64_t, media::kContentTypeNames.size()> by_type_{};
  std::map<int, std::int64_t> by_category_;
  std::int64_t last_added_ = 0;
};

}  // namespace helmarr::library
