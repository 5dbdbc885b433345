#include "api/dashboard/torrent_search_params.h"

#include <array>
#include <charconv>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "media/content_type.h"

namespace helmarr::api::dashboard {

namespace {

tl::unexpected<Error> bad(std::string_view parameter, std::string message) {
  return fail(ErrorCode::invalid_request, std::move(message), {{"parameter", std::string(parameter)}});
}

// Shown in messages: short, and never raw control bytes.
std::string quoted(std::string_view v) {
  std::string out;
  for (char c : v.substr(0, 40)) out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
  return "'" + out + (v.size() > 40 ? "...'" : "'");
}

Result<int> int_param(std::string_view name, std::optional<std::string_view> raw, int fallback, int min, int max) {
  if (!raw) return fallback;
  long long v = 0;
  auto [end, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), v);
  if (raw->empty() || ec != std::errc() || end != raw->data() + raw->size() || v < min || v > max)
    return bad(name, max == std::numeric_limits<int>::max()
                         ? fmt::format("{} must be an integer of at least {}, got {}", name, min, quoted(*raw))
                         : fmt::format("{} must be an integer between {} and {}, got {}", name, min, max, quoted(*raw)));
  return static_cast<int>(v);
}

}  // namespace

std::string content_type_choices() {
  std::string out;
  for (auto n : media::kContentTypeNames) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

Result<library::SearchQuery> parse_torrent_search(const TorrentSearchParams& p) {
  library::SearchQuery query;
  if (p.q) {
    if (p.q->size() > kMaxQueryBytes)
      return bad("q", fmt::format("q must be at most {} bytes, got {}", kMaxQueryBytes, p.q->size()));
    for (char c : *p.q)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return bad("q", "q must not contain control characters");
    query.text = std::string(*p.q);
  }
  if (p.content_type && !p.content_type->empty()) {
    // "tv" is what BitAgent's dashboard says for TV; Helmarr's name is tv_show.
    auto type = *p.content_type == "tv" ? std::optional(media::ContentType::tv_show)
                                        : media::parse_content_type(*p.content_type);
    if (!type)
      return bad("content_type", fmt::format("content_type must be one of {} (or tv), got {}", content_type_choices(),
                                             quoted(*p.content_type)));
    query.content_types.push_back(*type);
  }
  auto limit = int_param("limit", p.limit, kDefaultTorrentLimit, 1, kMaxTorrentLimit);
  if (!limit) return tl::unexpected(limit.error());
  auto offset = int_param("offset", p.offset, 0, 0, std::numeric_limits<int>::max());
  if (!offset) return tl::unexpected(offset.error());
  query.limit = *limit;
  query.offset = *offset;
  return query;
}

Result<TorrentSearchParams> torrent_search_params(const http::Request& req) {
  TorrentSearchParams p;
  const std::array<std::pair<std::string_view, std::optional<std::string_view>*>, 4> fields = {
      {{"q", &p.q}, {"content_type", &p.content_type}, {"limit", &p.limit}, {"offset", &p.offset}}};
  for (const auto& [key, value] : req.query)
    for (const auto& [name, slot] : fields)
      if (key == name) {
        if (*slot) return bad(name, fmt::format("{} is given more than once", name));
        *slot = std::string_view(value);
      }
  return p;
}

}  // namespace helmarr::api::dashboard
