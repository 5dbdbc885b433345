// A release name through media::parse_release, then both JSON writers: the
// hand-written append_json must write exactly what to_json().dump() writes.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "media/release.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace helmarr::media;
  const std::string_view name(reinterpret_cast<const char*>(data), size);
  const auto parsed = parse_release(name);
  std::string fast;
  append_json(parsed, fast);
  const auto slow = to_json(parsed).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  FUZZ_CHECK(fast == slow);
  return 0;
}
