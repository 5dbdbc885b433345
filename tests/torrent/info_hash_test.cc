#include "torrent/info_hash.h"

#include <string>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace helmarr::torrent {
namespace {

TEST(InfoHash, ToHexIsLowerCaseTwoDigitsPerByte) {
  const std::uint8_t bytes[] = {0x00, 0x0f, 0xa0, 0xff};
  EXPECT_EQ(to_hex(bytes), "000fa0ff");
  EXPECT_EQ(to_hex({}), "");
}

std::string repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

TEST(InfoHash, HexIsV1WhenKnownElseV2) {
  InfoHash h;
  EXPECT_TRUE(h.empty());
  EXPECT_EQ(h.hex(), "");
  h.v2.emplace().fill(0xab);
  EXPECT_FALSE(h.empty());
  EXPECT_EQ(h.hex(), repeat("ab", 32));
  h.v1.emplace().fill(0x01);
  EXPECT_EQ(h.hex(), repeat("01", 20));
}

TEST(InfoHash, ParsesFortyOrSixtyFourHexDigitsInEitherCase) {
  const auto v1 = parse_info_hash_hex("0123456789ABCDEFabcdef0123456789abcdef01");
  ASSERT_TRUE(v1) << v1.error().message;
  ASSERT_TRUE(v1->v1);
  EXPECT_FALSE(v1->v2);
  EXPECT_EQ(v1->hex(), "0123456789abcdefabcdef0123456789abcdef01");

  const auto v2 = parse_info_hash_hex(std::string(64, 'F'));
  ASSERT_TRUE(v2) << v2.error().message;
  EXPECT_FALSE(v2->v1);
  ASSERT_TRUE(v2->v2);
  EXPECT_EQ(v2->hex(), std::string(64, 'f'));
}

TEST(InfoHash, WrongLengthOrDigitsAreInvalidRequests) {
  const auto short_one = parse_info_hash_hex("abcdef012345");
  ASSERT_FALSE(short_one);
  EXPECT_EQ(short_one.error().code, ErrorCode::invalid_request);
  EXPECT_EQ(short_one.error().message, "info_hash must be 40 or 64 hex digits, got 12 characters");
  EXPECT_FALSE(parse_info_hash_hex(""));
  EXPECT_FALSE(parse_info_hash_hex(std::string(41, 'a')));

  const auto not_hex = parse_info_hash_hex(std::string(39, 'a') + "g");
  ASSERT_FALSE(not_hex);
  EXPECT_EQ(not_hex.error().code, ErrorCode::invalid_request);
  EXPECT_EQ(not_hex.error().message, "info_hash must be hex digits (0-9, a-f)");
}

RC_GTEST_PROP(InfoHashProperty, HexRoundTrips, (const std::vector<std::uint8_t>& seed, bool v2)) {
  InfoHash h;
  if (v2) {
    auto& a = h.v2.emplace();
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = i < seed.size() ? seed[i] : 0;
  } else {
    auto& a = h.v1.emplace();
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = i < seed.size() ? seed[i] : 0;
  }
  const auto back = parse_info_hash_hex(h.hex());
  RC_ASSERT(back.has_value());
  RC_ASSERT(*back == h);
}

}  // namespace
}  // namespace helmarr::torrent
