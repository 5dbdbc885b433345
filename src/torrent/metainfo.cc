#include "torrent/metainfo.h"

#include <algorithm>
#include <climits>
#include <exception>

#include <fmt/format.h>
#include <libtorrent/bdecode.hpp>
#include <libtorrent/error_code.hpp>
#include <libtorrent/torrent_info.hpp>

#include "torrent/from_libtorrent.h"

namespace helmarr::torrent {
namespace {

namespace lt = libtorrent;

tl::unexpected<Error> invalid(std::string message) { return fail(ErrorCode::invalid_request, std::move(message)); }

std::string describe_bytes(std::size_t n) {
  constexpr std::size_t kMiB = 1024 * 1024;
  if (n >= kMiB && n % kMiB == 0) return fmt::format("{} MiB", n / kMiB);
  return fmt::format("{} bytes", n);
}

Result<lt::bdecode_node> decode(std::string_view bytes, const MetainfoLimits& limits) {
  if (bytes.empty()) return invalid("not bencoded: the input is empty");
  lt::error_code ec;
  int pos = 0;
  auto root = lt::bdecode({bytes.data(), static_cast<std::ptrdiff_t>(bytes.size())}, ec, &pos,
                          limits.max_decode_depth, limits.max_decode_tokens);
  if (ec == lt::bdecode_errors::depth_exceeded)
    return invalid(fmt::format("metainfo nested deeper than {} levels", limits.max_decode_depth));
  if (ec == lt::bdecode_errors::limit_exceeded)
    return invalid(fmt::format("metainfo has more than {} bencoded items", limits.max_decode_tokens));
  if (ec) return invalid(fmt::format("not bencoded: {} at byte {}", ec.message(), pos));
  if (root.type() != lt::bdecode_node::dict_t) return invalid("metainfo is not a bencoded dictionary");
  const auto info = root.dict_find("info");
  if (!info) return invalid("metainfo has no info dictionary");
  if (info.type() != lt::bdecode_node::dict_t) return invalid("metainfo info is not a dictionary");
  return root;
}

lt::load_torrent_limits libtorrent_limits(const MetainfoLimits& limits) {
  lt::load_torrent_limits cfg;
  cfg.max_buffer_size = static_cast<int>(std::min<std::size_t>(limits.max_bytes, INT_MAX));
  cfg.max_pieces = limits.max_pieces;
  cfg.max_decode_depth = limits.max_decode_depth;
  cfg.max_decode_tokens = limits.max_decode_tokens;
  return cfg;
}

// A multi-file torrent's paths start with its name as the directory; the
// library stores them relative to it, as the metainfo's own path lists are.
std::string relative_path(std::string path, const std::string& name) {
  if (path.size() > name.size() && path.compare(0, name.size(), name) == 0 && path[name.size()] == '/')
    path.erase(0, name.size() + 1);
  return path;
}

Metainfo extract(const lt::torrent_info& ti, const MetainfoLimits& limits) {
  Metainfo m;
  m.info_hash = from_libtorrent(ti.info_hashes());
  m.name = ti.name();
  m.is_private = ti.priv();
  m.comment = ti.comment();
  if (const auto date = ti.creation_date(); date != 0) m.creation_date = static_cast<std::int64_t>(date);
  for (const auto& tracker : ti.trackers()) m.trackers.push_back(tracker.url);
  const auto& fs = ti.files();
  for (const auto i : fs.file_range()) {
    if (fs.pad_file_at(i)) continue;
    const auto size = static_cast<std::uint64_t>(fs.file_size(i));
    m.total_size += size;
    ++m.file_count;
    if (m.files.size() < limits.max_files) m.files.push_back({relative_path(fs.file_path(i), m.name), size});
  }
  return m;
}

}  // namespace

Result<Metainfo> parse_metainfo(std::string_view bytes, const MetainfoLimits& limits) {
  if (bytes.size() > limits.max_bytes) return invalid(fmt::format("torrent larger than {}", describe_bytes(limits.max_bytes)));
  try {
    auto root = decode(bytes, limits);
    if (!root) return tl::unexpected(std::move(root.error()));
    // The throwing constructor is the one that takes the limits.
    const lt::torrent_info ti(*root, libtorrent_limits(limits));
    return extract(ti, limits);
  } catch (const lt::system_error& e) {
    return invalid(fmt::format("invalid metainfo: {}", e.code().message()));
  } catch (const std::exception& e) {
    return invalid(fmt::format("invalid metainfo: {}", e.what()));
  }
}

}  // namespace helmarr::torrent
