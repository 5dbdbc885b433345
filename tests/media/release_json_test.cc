// append_json must write exactly what to_json(...).dump() writes (the fast
// path of `helmarr parse --json` relies on it being byte-identical).
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <rapidcheck/gtest.h>

#include "media/release.h"

namespace helmarr::media {
namespace {

std::string via_nlohmann(const ParsedRelease& r) {
  return to_json(r).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string via_append(const ParsedRelease& r) {
  std::string out = "prefix";  // append_json appends; it must not clear
  append_json(r, out);
  return out.substr(6);
}

TEST(ReleaseJson, MatchesToJsonOnPublicDataset) {
  const char* env = std::getenv("HELMARR_SHARED");
  const std::string shared = env && *env ? env : HELMARR_SHARED_DIR;
  std::string path = shared + "/datasets/release-names-public.jsonl";
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << "cannot open " << path;
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto input = nlohmann::json::parse(line).at("input").get<std::string>();
    auto r = parse_release(input);
    ASSERT_EQ(via_append(r), via_nlohmann(r)) << input;
    ++cases;
  }
  EXPECT_GT(cases, 0);
}

TEST(ReleaseJson, MatchesToJsonOnNastyStrings) {
  const std::vector<std::string> inputs = {
      "",
      "\"",
      "Show \"Quoted\" S01E01-GRP",
      "Back\\slash\\Show.S01E02.720p-G\\RP",
      std::string("Nul\0Byte.S01E01-GRP", 19),
      "Tab\tNew\nLine\rCR\bBS\fFF.S01E01-GRP",
      "\x01\x02\x1f\x7f.Show.S01E01-\x1bGRP",
      "Invalid.\xff\xfe.S01E01-GRP\xc3",
      "Lone.\x80\xbf.Cont.S02E03-\x80GRP",
      "Trunc.\xe2\x82.S01E01-\xe2\x82",
      "Overlong.\xc0\xaf.\xe0\x80\xaf.S01E01-\xf0\x80\x80\xaf",
      "Surrogate.\xed\xa0\x80.S01E01-\xed\xbf\xbfGRP",
      "TooBig.\xf4\x90\x80\x80.\xf5\x80.S01E01-GRP",
      "Emoji.\xf0\x9f\x98\x80.Show.S01E01.1080p-\xf0\x9f\x8e\xac",
      "Caf\xc3\xa9.2019.1080p.BluRay.x264-GR\xc3\x89UP",
      "\xe6\x97\xa5\xe6\x9c\xac.S01E01.[ABCD1234]",
      "[SubGroup] Anime \"Name\" - 12 [1080p][ABCD1234].mkv",
      "Movie.2024.2160p.WEB-DL.DDP5.1.Atmos.DV.HDR10.HEVC-\"G\\\"",
      "Show.S01-S03.MULTi.German.French.1080p.BluRay-GRP",
      "Daily.Show.2019.01.15.720p.HDTV.x264-\x7f\x1f",
      "\xc3\xa9\xc3",
      "[\xff] \"\\\" - 01v2 [\xc3\x28]",
  };
  for (const auto& s : inputs) {
    auto r = parse_release(s);
    EXPECT_EQ(via_append(r), via_nlohmann(r)) << s;
  }
}

// Fields that to_json passes to nlohmann unsanitised (quality, hdr,
// languages) must follow nlohmann's own replace rule for invalid UTF-8.
TEST(ReleaseJson, MatchesToJsonOnRawFields) {
  ParsedRelease r;
  r.title = "T\xe2\x82" "a\xed\xa0\x80\xf0\x9f";
  r.quality = "Q\xe2\x82" "a\xed\xa0\x80\"\\\n\x01\xf0\x9f";
  r.hdr = {"\xe0\x80\xaf", "", "DV\xff"};
  r.languages = {"\xf4\x90\x80", "en", "\xc3"};
  r.year = -5;
  r.season = 0;
  r.seasons = {1, 2, 3};
  r.episodes = {-1, 2147483647};
  r.absolute_episodes = {-2147483647 - 1};
  r.version = 3;
  r.group = "\"";
  EXPECT_EQ(via_append(r), via_nlohmann(r));
}

rc::Gen<std::string> bytes_up_to_4k() {
  return rc::gen::withSize([](int size) {
    return rc::gen::resize(size * 40, rc::gen::container<std::string>(rc::gen::arbitrary<char>()));
  });
}

constexpr std::size_t kBatch = 50;

RC_GTEST_PROP(ReleaseJsonProperty, ArbitraryBytesSerialiseLikeToJson, ()) {
  auto inputs = *rc::gen::container<std::vector<std::string>>(kBatch, bytes_up_to_4k());
  for (auto& s : inputs) {
    if (s.size() > 4096) s.resize(4096);
    auto r = parse_release(s);
    RC_ASSERT(via_append(r) == via_nlohmann(r));
  }
}

// Raw bytes straight into every string field, bypassing the parser.
RC_GTEST_PROP(ReleaseJsonProperty, ArbitraryFieldBytesSerialiseLikeToJson, ()) {
  ParsedRelease r;
  r.title = *rc::gen::arbitrary<std::string>();
  r.quality = *rc::gen::arbitrary<std::string>();
  r.group = *rc::gen::arbitrary<std::string>();
  r.edition = *rc::gen::arbitrary<std::string>();
  r.hash = *rc::gen::arbitrary<std::string>();
  r.hdr = *rc::gen::arbitrary<std::vector<std::string>>();
  r.languages = *rc::gen::arbitrary<std::vector<std::string>>();
  r.episodes = *rc::gen::arbitrary<std::vector<int>>();
  r.year = *rc::gen::arbitrary<int>();
  RC_ASSERT(via_append(r) == via_nlohmann(r));
}

}  // namespace
}  // namespace helmarr::media
