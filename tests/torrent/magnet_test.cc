#include "torrent/magnet.h"

#include <cctype>
#include <string>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "support/concat_gen.h"

namespace helmarr::torrent {
namespace {

// Bytes 0..19, and that hash in base32 (RFC 4648).
constexpr std::string_view kHex = "000102030405060708090a0b0c0d0e0f10111213";
constexpr std::string_view kBase32 = "AAAQEAYEAUDAOCAJBIFQYDIOB4IBCEQT";
const std::string kV2Hex = std::string(kHex) + "1415161718191a1b1c1d1e1f";

InfoHash hash_of(std::string_view hex) { return *parse_info_hash_hex(hex); }

std::string error_of(std::string_view uri) {
  const auto r = parse_magnet_uri(uri);
  if (r) return "(parsed)";
  EXPECT_EQ(r.error().code, ErrorCode::invalid_request) << r.error().message;
  return r.error().message;
}

TEST(MagnetUri, MakesV1V2AndHybridUris) {
  InfoHash h = hash_of(kHex);
  EXPECT_EQ(make_magnet_uri(h, "A b+c", 42), "magnet:?xt=urn:btih:" + std::string(kHex) + "&dn=A%20b%2Bc&xl=42");
  h.v2 = hash_of(kV2Hex).v2;
  EXPECT_EQ(make_magnet_uri(h, ""), "magnet:?xt=urn:btih:" + std::string(kHex) + "&xt=urn:btmh:1220" + kV2Hex);
  EXPECT_EQ(make_magnet_uri(hash_of(kV2Hex), "x"), "magnet:?xt=urn:btmh:1220" + kV2Hex + "&dn=x");
}

TEST(MagnetUri, ParsesAV1HexMagnetWithNameSizeAndTrackers) {
  const auto m = parse_magnet_uri("magnet:?xt=urn:btih:" + std::string(kHex) +
                                  "&dn=Show+S01E02%201080p&xl=1234567890"
                                  "&tr=udp%3A%2F%2Ftracker.example%3A1337%2Fannounce&tr.1=https://t.example/announce");
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->info_hash, hash_of(kHex));
  EXPECT_EQ(m->name, "Show S01E02 1080p");
  EXPECT_EQ(m->size, 1234567890u);
  EXPECT_EQ(m->trackers, (std::vector<std::string>{"udp://tracker.example:1337/announce", "https://t.example/announce"}));
}

TEST(MagnetUri, ParsesUpperCaseHexAndBase32) {
  std::string upper(kHex);
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto hex = parse_magnet_uri("magnet:?xt=urn:btih:" + upper);
  ASSERT_TRUE(hex) << hex.error().message;
  EXPECT_EQ(hex->info_hash, hash_of(kHex));
  EXPECT_EQ(hex->name, "");
  EXPECT_EQ(hex->size, std::nullopt);
  EXPECT_TRUE(hex->trackers.empty());

  const auto b32 = parse_magnet_uri("magnet:?dn=x&xt=urn:btih:" + std::string(kBase32));
  ASSERT_TRUE(b32) << b32.error().message;
  EXPECT_EQ(b32->info_hash, hash_of(kHex));
  std::string lower(kBase32);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto b32_lower = parse_magnet_uri("magnet:?xt=urn:btih:" + lower);
  ASSERT_TRUE(b32_lower) << b32_lower.error().message;
  EXPECT_EQ(b32_lower->info_hash, hash_of(kHex));
}

TEST(MagnetUri, ParsesV2AndHybrid) {
  const auto v2 = parse_magnet_uri("magnet:?xt=urn:btmh:1220" + kV2Hex + "&dn=book");
  ASSERT_TRUE(v2) << v2.error().message;
  EXPECT_FALSE(v2->info_hash.v1);
  EXPECT_EQ(v2->info_hash, hash_of(kV2Hex));
  EXPECT_EQ(v2->name, "book");

  const auto hybrid = parse_magnet_uri("magnet:?xt=urn:btih:" + std::string(kHex) + "&xt=urn:btmh:1220" + kV2Hex);
  ASSERT_TRUE(hybrid) << hybrid.error().message;
  EXPECT_EQ(hybrid->info_hash.v1, hash_of(kHex).v1);
  EXPECT_EQ(hybrid->info_hash.v2, hash_of(kV2Hex).v2);
}

TEST(MagnetUri, OtherUrnsBesideTheInfoHashAreIgnored) {
  const auto m = parse_magnet_uri("magnet:?xt=urn:ed2k:354B15E68FB8F36D7CD88FF94116CDC1&xt=urn:btih:" + std::string(kHex));
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->info_hash, hash_of(kHex));
}

TEST(MagnetUri, RefusesWhatIsNotAMagnet) {
  EXPECT_EQ(error_of(""), "not a magnet URI: must start with magnet:?");
  EXPECT_EQ(error_of("http://example.com/?xt=urn:btih:" + std::string(kHex)), "not a magnet URI: must start with magnet:?");
  EXPECT_EQ(error_of("magnet:xt=urn:btih:" + std::string(kHex)), "not a magnet URI: must start with magnet:?");
  EXPECT_EQ(error_of("magnet:?" + std::string(64 * 1024, 'a')), "magnet URI longer than 64 KiB");
}

TEST(MagnetUri, RefusesAMagnetWithoutAnInfoHash) {
  const std::string none = "magnet URI has no info-hash (xt=urn:btih:... or xt=urn:btmh:1220...)";
  EXPECT_EQ(error_of("magnet:?"), none);
  EXPECT_EQ(error_of("magnet:?dn=name&tr=udp://t:1"), none);
  EXPECT_EQ(error_of("magnet:?xt=urn:sha1:YNCKHTQCWBTRNJIV4WNAE52SJUQCZO5C"), none);
}

TEST(MagnetUri, RefusesMalformedHashes) {
  EXPECT_EQ(error_of("magnet:?xt=urn:btih:abc"),
            "xt=urn:btih: must be followed by 40 hex digits or 32 base32 characters, got 3 characters");
  EXPECT_EQ(error_of("magnet:?xt=urn:btih:" + std::string(39, 'a') + "g"),
            "xt=urn:btih: must be followed by 40 hex digits or 32 base32 characters, got 40 characters");
  EXPECT_EQ(error_of("magnet:?xt=urn:btih:" + std::string(31, 'A') + "1"),
            "xt=urn:btih: must be followed by 40 hex digits or 32 base32 characters, got 32 characters");
  const std::string btmh = "xt=urn:btmh: must be 1220 followed by 64 hex digits (a SHA-256 multihash)";
  EXPECT_EQ(error_of("magnet:?xt=urn:btmh:1114" + kV2Hex), btmh);
  EXPECT_EQ(error_of("magnet:?xt=urn:btmh:1220" + kV2Hex.substr(2)), btmh);
  EXPECT_EQ(error_of("magnet:?xt=urn:btmh:1220" + kV2Hex.substr(1) + "z"), btmh);
  EXPECT_EQ(error_of("magnet:?xt=urn:btih:" + std::string(40, '0')), "magnet URI info-hash is all zeros");
  // A valid hash does not excuse a broken one beside it.
  EXPECT_EQ(error_of("magnet:?xt=urn:btih:" + std::string(kHex) + "&xt=urn:btmh:12"), btmh);
}

TEST(MagnetUri, RefusesBadSizeAndEncoding) {
  const std::string uri = "magnet:?xt=urn:btih:" + std::string(kHex);
  EXPECT_EQ(error_of(uri + "&xl=12kb"), "xl must be a size in bytes (decimal digits up to 18446744073709551615), got '12kb'");
  EXPECT_EQ(error_of(uri + "&xl="), "xl must be a size in bytes (decimal digits up to 18446744073709551615), got ''");
  EXPECT_EQ(error_of(uri + "&xl=-1"), "xl must be a size in bytes (decimal digits up to 18446744073709551615), got '-1'");
  EXPECT_EQ(error_of(uri + "&xl=18446744073709551616"),
            "xl must be a size in bytes (decimal digits up to 18446744073709551615), got '18446744073709551616'");
  EXPECT_EQ(error_of(uri + "&dn=100%"), "dn is not valid percent-encoding");
  EXPECT_EQ(error_of(uri + "&dn=%zz"), "dn is not valid percent-encoding");
  EXPECT_EQ(error_of("magnet:?xt=urn:btih:%4"), "xt is not valid percent-encoding");
  // Percent-encoded xt values are decoded before they are checked.
  const auto encoded = parse_magnet_uri("magnet:?xt=urn%3Abtih%3A" + std::string(kHex));
  ASSERT_TRUE(encoded) << encoded.error().message;
  EXPECT_EQ(encoded->info_hash, hash_of(kHex));
}

rc::Gen<InfoHash> info_hashes() {
  return rc::gen::map(rc::gen::tuple(rc::gen::inRange(0, 3),
                                     rc::gen::container<std::vector<std::uint8_t>>(32, rc::gen::arbitrary<std::uint8_t>())),
                      [](const std::tuple<int, std::vector<std::uint8_t>>& t) {
                        auto [kind, bytes] = t;
                        bytes[0] |= 1;  // never all zeros: libtorrent reads that as no hash
                        InfoHash h;
                        if (kind != 1) std::copy_n(bytes.begin(), 20, h.v1.emplace().begin());
                        if (kind != 0) std::copy_n(bytes.begin(), 32, h.v2.emplace().begin());
                        return h;
                      });
}

RC_GTEST_PROP(MagnetProperty, ParseInvertsMake, ()) {
  const auto hash = *info_hashes();
  const auto name = *rc::gen::arbitrary<std::string>();
  const auto size = *rc::gen::oneOf(rc::gen::just(std::optional<std::uint64_t>()),
                                    rc::gen::cast<std::optional<std::uint64_t>>(rc::gen::arbitrary<std::uint64_t>()));
  const auto uri = make_magnet_uri(hash, name, size);
  const auto m = parse_magnet_uri(uri);
  RC_ASSERT(m.has_value());
  RC_ASSERT(m->info_hash == hash);
  RC_ASSERT(m->name == name);
  RC_ASSERT(m->size == size);
}

RC_GTEST_PROP(MagnetProperty, AnyInputParsesOrIsRefusedWithAReason, ()) {
  const auto tail = *rc::gen::oneOf(
      rc::gen::arbitrary<std::string>(),
      helmarr::testing::concatenations_of({"xt=urn:btih:" + std::string(kHex) + "&", "xt=urn:btmh:1220" + kV2Hex + "&",
                                           "dn=", "xl=", "tr=", "xt=", "urn:btih:", "urn:btmh:1220", std::string(kHex), kV2Hex,
                                           std::string(kBase32), "&", "=", "dn", "xl", "tr", "%", "%2", "%41", "1",
                                           ".1", "0", "\xff", "+"}));
  const auto m = parse_magnet_uri("magnet:?" + tail);
  if (m) {
    RC_ASSERT(!m->info_hash.empty());
    const auto again = parse_magnet_uri(make_magnet_uri(m->info_hash, m->name, m->size));
    RC_ASSERT(again.has_value());
    RC_ASSERT(again->info_hash == m->info_hash);
    RC_ASSERT(again->name == m->name);
    RC_ASSERT(again->size == m->size);
  } else {
    RC_ASSERT(m.error().code == ErrorCode::invalid_request);
    RC_ASSERT(!m.error().message.empty());
  }
  RC_CLASSIFY(m.has_value(), "parsed");
}

}  // namespace
}  // namespace helmarr::torrent
