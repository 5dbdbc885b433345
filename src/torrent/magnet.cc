#include "torrent/magnet.h"

#include <algorithm>
#include <charconv>
#include <exception>

#include <fmt/format.h>
#include <libtorrent/add_torrent_params.hpp>
#include <libtorrent/error_code.hpp>
#include <libtorrent/magnet_uri.hpp>

#include "torrent/from_libtorrent.h"

namespace helmarr::torrent {
namespace {

namespace lt = libtorrent;

constexpr std::string_view kScheme = "magnet:?";
constexpr std::string_view kBtih = "urn:btih:";
constexpr std::string_view kBtmh = "urn:btmh:1220";  // multihash sha2-256, 32 bytes

tl::unexpected<Error> invalid(std::string message) { return fail(ErrorCode::invalid_request, std::move(message)); }

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_base32(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'); }
bool all_of(std::string_view s, bool (*pred)(char)) { return std::all_of(s.begin(), s.end(), pred); }

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  return (c | 0x20) - 'a' + 10;
}

// RFC 3986 percent-decoding ('+' stays '+': only dn's decoding, libtorrent's, maps it to a space).
std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    if (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) return std::nullopt;
    out.push_back(static_cast<char>(hex_digit(s[i + 1]) << 4 | hex_digit(s[i + 2])));
    i += 2;
  }
  return out;
}

void append_encoded(std::string& out, std::string_view s) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  for (unsigned char c : s) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kDigits[c >> 4]);
      out.push_back(kDigits[c & 15]);
    }
  }
}

// A parameter name without the ".<digits>" suffix magnet URIs may number repeated parameters with.
std::string_view base_name(std::string_view name) {
  const auto dot = name.find('.');
  if (dot == std::string_view::npos) return name;
  const auto suffix = name.substr(dot + 1);
  return all_of(suffix, [](char c) { return c >= '0' && c <= '9'; }) ? name.substr(0, dot) : name;
}

// libtorrent decodes hashes without checking their digits and ignores xl, so
// these are checked here; what a parameter means is still libtorrent's.
Result<bool> check_xt(std::string_view value) {
  const auto decoded = percent_decode(value);
  if (!decoded) return invalid("xt is not valid percent-encoding");
  const std::string_view v = *decoded;
  if (v.starts_with(kBtih)) {
    const auto h = v.substr(kBtih.size());
    if ((h.size() == 40 && all_of(h, is_hex)) || (h.size() == 32 && all_of(h, is_base32))) return true;
    return invalid(fmt::format("xt=urn:btih: must be followed by 40 hex digits or 32 base32 characters, got {} characters", h.size()));
  }
  if (v.starts_with("urn:btmh:")) {
    if (v.starts_with(kBtmh) && v.size() == kBtmh.size() + 64 && all_of(v.substr(kBtmh.size()), is_hex)) return true;
    return invalid("xt=urn:btmh: must be 1220 followed by 64 hex digits (a SHA-256 multihash)");
  }
  return false;  // another kind of URN (ed2k, sha1, ...): not an info-hash, ignored
}

Result<std::uint64_t> parse_size(std::string_view value) {
  std::uint64_t n = 0;
  const auto* end = value.data() + value.size();
  const auto [p, ec] = std::from_chars(value.data(), end, n);
  if (value.empty() || ec != std::errc() || p != end)
    return invalid(fmt::format("xl must be a size in bytes (decimal digits up to {}), got '{}'", UINT64_MAX,
                               value.substr(0, 40)));
  return n;
}

// Checks what libtorrent does not and returns xl.
Result<std::optional<std::uint64_t>> check_parameters(std::string_view query) {
  bool has_hash = false;
  std::optional<std::uint64_t> size;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto param = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const auto eq = param.find('=');
    const auto name = base_name(param.substr(0, eq));
    const auto value = eq == std::string_view::npos ? std::string_view{} : param.substr(eq + 1);
    if (name == "xt") {
      auto hash = check_xt(value);
      if (!hash) return tl::unexpected(std::move(hash.error()));
      has_hash = has_hash || *hash;
    } else if (name == "xl") {
      auto n = parse_size(value);
      if (!n) return tl::unexpected(std::move(n.error()));
      size = *n;
    } else if (name == "dn" && !percent_decode(value)) {
      return invalid("dn is not valid percent-encoding");
    }
  }
  if (!has_hash) return invalid("magnet URI has no info-hash (xt=urn:btih:... or xt=urn:btmh:1220...)");
  return size;
}

}  // namespace

Result<Magnet> parse_magnet_uri(std::string_view uri) {
  if (uri.size() > kMaxMagnetUriBytes)
    return invalid(fmt::format("magnet URI longer than {} KiB", kMaxMagnetUriBytes / 1024));
  if (!uri.starts_with(kScheme)) return invalid("not a magnet URI: must start with magnet:?");
  auto size = check_parameters(uri.substr(kScheme.size()));
  if (!size) return tl::unexpected(std::move(size.error()));
  try {
    lt::error_code ec;
    auto params = lt::parse_magnet_uri({uri.data(), uri.size()}, ec);
    if (ec) return invalid(fmt::format("invalid magnet URI: {}", ec.message()));
    Magnet m{.info_hash = from_libtorrent(params.info_hashes), .name = std::move(params.name), .size = *size};
    // libtorrent reads an all-zero hash as "no hash".
    if (m.info_hash.empty()) return invalid("magnet URI info-hash is all zeros");
    m.trackers = std::move(params.trackers);
    return m;
  } catch (const std::exception& e) {
    return invalid(fmt::format("invalid magnet URI: {}", e.what()));
  }
}

std::string make_magnet_uri(const InfoHash& hash, std::string_view name, std::optional<std::uint64_t> size) {
  std::string uri = "magnet:?";
  const char* sep = "";
  if (hash.v1) {
    uri += "xt=urn:btih:" + to_hex(*hash.v1);
    sep = "&";
  }
  if (hash.v2) {
    uri += sep;
    uri += "xt=urn:btmh:1220" + to_hex(*hash.v2);  // multihash: sha2-256, 32 bytes
    sep = "&";
  }
  if (!name.empty()) {
    uri += sep;
    uri += "dn=";
    append_encoded(uri, name);
  }
  if (size) uri += "&xl=" + std::to_string(*size);
  return uri;
}

}  // namespace helmarr::torrent
