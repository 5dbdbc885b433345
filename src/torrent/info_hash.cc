#include "torrent/info_hash.h"

#include <fmt/format.h>

namespace helmarr::torrent {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

template <std::size_t N>
bool decode(std::string_view hex, std::array<std::uint8_t, N>& out) {
  for (std::size_t i = 0; i < N; ++i) {
    const int hi = hex_value(hex[2 * i]);
    const int lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return true;
}

}  // namespace

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s(bytes.size() * 2, '0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    s[2 * i] = kDigits[bytes[i] >> 4];
    s[2 * i + 1] = kDigits[bytes[i] & 15];
  }
  return s;
}

std::string InfoHash::hex() const {
  if (v1) return to_hex(*v1);
  if (v2) return to_hex(*v2);
  return {};
}

Result<InfoHash> parse_info_hash_hex(std::string_view hex) {
  InfoHash h;
  bool ok = false;
  if (hex.size() == 40) {
    ok = decode(hex, h.v1.emplace());
  } else if (hex.size() == 64) {
    ok = decode(hex, h.v2.emplace());
  } else {
    return fail(ErrorCode::invalid_request,
                fmt::format("info_hash must be 40 or 64 hex digits, got {} characters", hex.size()));
  }
  if (!ok) return fail(ErrorCode::invalid_request, "info_hash must be hex digits (0-9, a-f)");
  return h;
}

}  // namespace helmarr::torrent
