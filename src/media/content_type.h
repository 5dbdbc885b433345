#pragma once
// What a torrent holds, as the classifier decides it.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace helmarr::media {

enum class ContentType { movie, tv_show, music, audiobook, ebook, comic, software, game, xxx, unknown };

inline constexpr std::array<std::string_view, 10> kContentTypeNames = {
    "movie", "tv_show", "music", "audiobook", "ebook", "comic", "software", "game", "xxx", "unknown"};

inline std::string_view to_string(ContentType t) { return kContentTypeNames[static_cast<std::size_t>(t)]; }

inline std::optional<ContentType> parse_content_type(std::string_view s) {
  for (std::size_t i = 0; i < kContentTypeNames.size(); ++i)
    if (kContentTypeNames[i] == s) return static_cast<ContentType>(i);
  return std::nullopt;
}

}  // namespace helmarr::media
