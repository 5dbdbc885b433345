// The request target as a client sends it: http::parse_target splits path and
// query, percent_decode undoes %XX (and '+' in queries).
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "http/request.h"

namespace {

std::string percent_encode_all(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    out += '%';
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace helmarr::http;
  const std::string_view in(reinterpret_cast<const char*>(data), size);

  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
  if (parse_target(in, path, query)) {
    FUZZ_CHECK(path.size() <= in.size());
    std::size_t decoded = path.size();
    for (const auto& [k, v] : query) decoded += k.size() + v.size();
    FUZZ_CHECK(decoded <= in.size());
  }

  for (bool plus : {false, true}) {
    std::string out;
    if (!percent_decode(in, out, plus)) continue;
    FUZZ_CHECK(out.size() <= in.size());
    // Encoding every byte and decoding gives the bytes back.
    std::string again;
    FUZZ_CHECK(percent_decode(percent_encode_all(out), again, plus));
    FUZZ_CHECK(again == out);
  }
  return 0;
}
