#include "torrent/magnet.h"

namespace helmarr::torrent {
namespace {

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

}  // namespace

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
