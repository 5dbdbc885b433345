// Robustness: arbitrary bytes must parse without crashing and serialise to
// valid JSON (nlohmann's dump() throws on invalid UTF-8, so this also checks
// that to_json sanitises titles and groups).
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "media/release.h"
#include "support/concat_gen.h"

namespace helmarr::media {
namespace {

// Alphabet biased towards what release names contain, so the parser's
// recognisers (S01E02, 1080p, [Group], -GRP, dates) are exercised, plus raw bytes.
rc::Gen<std::string> release_like() {
  static const std::vector<std::string> kPieces = {
      "S01", "E02", "S01E02", "x", "1x02", "-", ".", " ", "_", "[", "]", "(", ")", "{", "}", "2024",
      "1080p", "720p", "WEB", "DL", "BluRay", "Remux", "x264", "HEVC", "DTS", "HD", "MA", "5.1",
      "PROPER", "REPACK", "v2", "German", "MULTi", "Title", "Show", " - ", "12", "103", "2019.01.15",
      "ABCD1234", "Season", "Episode", "Cap.101", "Part", "of", "\xc3\xa9", "\xe2\x80\x8b", "\xff", "\xc3"};
  return testing::concatenations_of(kPieces);
}

void check(const std::string& s) {
  auto r = parse_release(s);
  auto text = to_json(r).dump();
  auto back = nlohmann::json::parse(text);
  RC_ASSERT(back.is_object());
  RC_ASSERT(back.contains("title"));
  RC_ASSERT(back["version"].get<int>() >= 1);
}

rc::Gen<std::string> bytes_up_to_4k() {
  return rc::gen::withSize([](int size) {
    return rc::gen::resize(size * 40, rc::gen::container<std::string>(rc::gen::arbitrary<char>()));
  });
}

// RapidCheck runs 100 cases per property by default; each case checks a batch
// of 50 inputs, so the two properties cover 10,000 inputs.
constexpr std::size_t kBatch = 50;

RC_GTEST_PROP(ReleaseProperty, ArbitraryBytesParseToValidJson, ()) {
  auto inputs = *rc::gen::container<std::vector<std::string>>(kBatch, bytes_up_to_4k());
  for (auto& s : inputs) {
    if (s.size() > 4096) s.resize(4096);
    check(s);
  }
}

RC_GTEST_PROP(ReleaseProperty, ReleaseLikeStringsParseToValidJson, ()) {
  auto inputs = *rc::gen::container<std::vector<std::string>>(kBatch, release_like());
  for (auto& s : inputs) {
    if (s.size() > 4096) s.resize(4096);
    check(s);
  }
}

}  // namespace
}  // namespace helmarr::media
