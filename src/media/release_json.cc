#include "media/release.h"

namespace helmarr::media {
namespace {

// Names are arbitrary bytes; nlohmann's dump() throws on invalid UTF-8, so
// invalid sequences become U+FFFD here.
std::string valid_utf8(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = len > 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k)
      ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && len == 2) ok = c >= 0xC2;
    if (ok && len == 3) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
    }
    if (ok && len == 4) {
      auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = c <= 0xF4 && !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    if (ok) {
      out.append(s, i, len);
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

nlohmann::json str_or_null(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(valid_utf8(s));
}

}  // namespace

std::string_view to_string(ReleaseKind k) {
  switch (k) {
    case ReleaseKind::tv: return "tv";
    case ReleaseKind::movie: return "movie";
    case ReleaseKind::unknown: break;
  }
  return "unknown";
}

nlohmann::json to_json(const ParsedRelease& r) {
  nlohmann::json j = {
      {"title", valid_utf8(r.title)},
      {"year", r.year ? nlohmann::json(*r.year) : nlohmann::json(nullptr)},
      {"kind", to_string(r.kind)},
      {"season", r.season ? nlohmann::json(*r.season) : nlohmann::json(nullptr)},
      {"seasons", r.seasons},
      {"episodes", r.episodes},
      {"absolute_episodes", r.absolute_episodes},
      {"air_date", str_or_null(r.air_date)},
      {"full_season", r.full_season},
      {"resolution", str_or_null(r.resolution)},
      {"source", str_or_null(r.source)},
      {"quality", r.quality},
      {"proper", r.proper},
      {"repack", r.repack},
      {"version", r.version},
      {"codec", str_or_null(r.codec)},
      {"audio", str_or_null(r.audio)},
      {"hdr", r.hdr},
      {"group", str_or_null(r.group)},
      {"edition", str_or_null(r.edition)},
      {"languages", r.languages},
      {"multi", r.multi},
      {"hash", str_or_null(r.hash)},
  };
  return j;
}

}  // namespace helmarr::media
