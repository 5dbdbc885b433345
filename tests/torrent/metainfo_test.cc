#include "torrent/metainfo.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <libtorrent/magnet_uri.hpp>
#include <libtorrent/torrent_info.hpp>
#include <rapidcheck/gtest.h>

#include "torrent/magnet.h"
#include "torrent/torrent_factory.h"

namespace helmarr::torrent {
namespace {

using testing::Kind;
using testing::make_torrent;
using testing::TorrentSpec;

TorrentSpec season_pack(Kind kind) {
  return {.kind = kind,
          .files = {{"Show.S01.1080p/Show.S01E01.mkv", 40000},
                    {"Show.S01.1080p/Show.S01E02.mkv", 50000},
                    {"Show.S01.1080p/Subs/English.srt", 1200}},
          .trackers = {"udp://tracker.example:1337/announce", "https://tracker.example/announce"},
          .comment = "a comment",
          .creation_date = 1700000000};
}

std::string error_of(std::string_view bytes, const MetainfoLimits& limits = {}) {
  auto r = parse_metainfo(bytes, limits);
  if (r) return "(parsed)";
  EXPECT_EQ(r.error().code, ErrorCode::invalid_request) << r.error().message;
  return r.error().message;
}

void expect_season_pack(const Metainfo& m) {
  EXPECT_EQ(m.name, "Show.S01.1080p");
  EXPECT_EQ(m.total_size, 40000u + 50000u + 1200u);
  EXPECT_EQ(m.file_count, 3u);
  const std::vector<MetainfoFile> files = {
      {"Show.S01E01.mkv", 40000}, {"Show.S01E02.mkv", 50000}, {"Subs/English.srt", 1200}};
  EXPECT_EQ(m.files, files);
  EXPECT_FALSE(m.is_private);
  EXPECT_EQ(m.trackers, (std::vector<std::string>{"udp://tracker.example:1337/announce", "https://tracker.example/announce"}));
  EXPECT_EQ(m.creation_date, 1700000000);
  EXPECT_EQ(m.comment, "a comment");
}

TEST(Metainfo, V1HasOnlyTheSha1OfItsInfoDictionary) {
  const auto t = make_torrent(season_pack(Kind::v1));
  const auto m = parse_metainfo(t.bytes);
  ASSERT_TRUE(m) << m.error().message;
  ASSERT_TRUE(m->info_hash.v1);
  EXPECT_FALSE(m->info_hash.v2);
  EXPECT_EQ(m->info_hash, t.expected_hash);
  EXPECT_EQ(m->info_hash.hex().size(), 40u);
  expect_season_pack(*m);
}

TEST(Metainfo, V2HasOnlyTheSha256OfItsInfoDictionary) {
  const auto t = make_torrent(season_pack(Kind::v2));
  const auto m = parse_metainfo(t.bytes);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_FALSE(m->info_hash.v1);
  ASSERT_TRUE(m->info_hash.v2);
  EXPECT_EQ(m->info_hash, t.expected_hash);
  EXPECT_EQ(m->info_hash.hex().size(), 64u);
  expect_season_pack(*m);
}

TEST(Metainfo, HybridHasBothHashesAndSkipsItsPadFiles) {
  const auto t = make_torrent(season_pack(Kind::hybrid));
  ASSERT_GT(t.pad_files, 0) << "libtorrent pads a hybrid's files to piece boundaries";
  const auto m = parse_metainfo(t.bytes);
  ASSERT_TRUE(m) << m.error().message;
  ASSERT_TRUE(m->info_hash.v1);
  ASSERT_TRUE(m->info_hash.v2);
  EXPECT_EQ(m->info_hash, t.expected_hash);
  EXPECT_EQ(m->info_hash.hex(), to_hex(*m->info_hash.v1));
  expect_season_pack(*m);  // sizes and count without the padding
}

TEST(Metainfo, SingleFileTorrentsPathIsItsName) {
  for (const auto kind : {Kind::v1, Kind::v2, Kind::hybrid}) {
    const auto t = make_torrent({.kind = kind, .files = {{"Movie.2019.2160p.mkv", 123456}}});
    const auto m = parse_metainfo(t.bytes);
    ASSERT_TRUE(m) << m.error().message;
    EXPECT_EQ(m->name, "Movie.2019.2160p.mkv");
    EXPECT_EQ(m->files, (std::vector<MetainfoFile>{{"Movie.2019.2160p.mkv", 123456}}));
    EXPECT_EQ(m->file_count, 1u);
    EXPECT_EQ(m->total_size, 123456u);
    EXPECT_EQ(m->info_hash, t.expected_hash);
    EXPECT_TRUE(m->trackers.empty());
    EXPECT_EQ(m->creation_date, std::nullopt);
    EXPECT_EQ(m->comment, "");
  }
}

TEST(Metainfo, PrivateFlag) {
  auto spec = season_pack(Kind::hybrid);
  spec.is_private = true;
  const auto m = parse_metainfo(make_torrent(spec).bytes);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_TRUE(m->is_private);
}

TEST(Metainfo, KeepsTheFirstMaxFilesButCountsThemAll) {
  TorrentSpec spec{.kind = Kind::hybrid};
  for (int i = 0; i < 150; ++i) spec.files.push_back({"Album/track" + std::to_string(1000 + i) + ".flac", 1000 + i});
  const auto t = make_torrent(spec);
  const auto m = parse_metainfo(t.bytes);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->file_count, 150u);
  ASSERT_EQ(m->files.size(), 100u);
  EXPECT_EQ(m->files.front(), (MetainfoFile{"track1000.flac", 1000}));
  EXPECT_EQ(m->files.back(), (MetainfoFile{"track1099.flac", 1099}));
  std::uint64_t total = 0;
  for (int i = 0; i < 150; ++i) total += 1000 + i;
  EXPECT_EQ(m->total_size, total);

  const auto few = parse_metainfo(t.bytes, {.max_files = 2});
  ASSERT_TRUE(few);
  EXPECT_EQ(few->files.size(), 2u);
  EXPECT_EQ(few->file_count, 150u);
}

TEST(Metainfo, TruncatedIsNotBencoded) {
  const auto t = make_torrent(season_pack(Kind::v1));
  const auto message = error_of(std::string_view(t.bytes).substr(0, t.bytes.size() / 2));
  EXPECT_TRUE(message.starts_with("not bencoded: ")) << message;
}

TEST(Metainfo, GarbageAndEmptyInputAreNotBencoded) {
  EXPECT_TRUE(error_of("hello, world").starts_with("not bencoded: ")) << error_of("hello, world");
  EXPECT_EQ(error_of(""), "not bencoded: the input is empty");
}

TEST(Metainfo, TheRootMustBeADictionaryWithAnInfoDictionary) {
  EXPECT_EQ(error_of("i42e"), "metainfo is not a bencoded dictionary");
  EXPECT_EQ(error_of("l4:infoe"), "metainfo is not a bencoded dictionary");
  EXPECT_EQ(error_of("d8:announce13:udp://x:1/anne"), "metainfo has no info dictionary");
  EXPECT_EQ(error_of("d4:infoi1ee"), "metainfo info is not a dictionary");
  EXPECT_EQ(error_of("d4:infol1:aee"), "metainfo info is not a dictionary");
}

TEST(Metainfo, LibtorrentsReasonIsAppended) {
  const std::string negative = "d4:infod6:lengthi-5e4:name1:a12:piece lengthi16384e6:pieces20:01234567890123456789ee";
  EXPECT_EQ(error_of(negative), "invalid metainfo: invalid length of torrent");
  const std::string no_pieces = "d4:infod6:lengthi5e4:name1:a12:piece lengthi16384eee";
  EXPECT_EQ(error_of(no_pieces), "invalid metainfo: invalid or missing 'pieces' entry in torrent file");
  const std::string no_name = "d4:infod6:lengthi5e4:name0:12:piece lengthi16384e6:pieces20:01234567890123456789ee";
  EXPECT_EQ(error_of(no_name), "invalid metainfo: missing name in torrent file");
  // The smallest torrent libtorrent accepts, for contrast.
  const std::string minimal = "d4:infod6:lengthi5e4:name1:a12:piece lengthi16384e6:pieces20:01234567890123456789ee";
  const auto m = parse_metainfo(minimal);
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->name, "a");
  EXPECT_EQ(m->total_size, 5u);
}

TEST(Metainfo, HugeNestingIsRefusedByDepth) {
  const std::string deep = "d4:info" + std::string(5000, 'l') + std::string(5000, 'e') + "e";
  EXPECT_EQ(error_of(deep), "metainfo nested deeper than 100 levels");
  EXPECT_EQ(error_of("d4:infod1:ad1:ad1:adeeeee", {.max_decode_depth = 3}), "metainfo nested deeper than 3 levels");
}

TEST(Metainfo, TooManyTokensAreRefused) {
  const auto t = make_torrent(season_pack(Kind::v1));
  EXPECT_EQ(error_of(t.bytes, {.max_decode_tokens = 10}), "metainfo has more than 10 bencoded items");
}

TEST(Metainfo, TooManyPiecesAreRefused) {
  const auto t = make_torrent(season_pack(Kind::v1));  // 6 pieces of 16 KiB
  EXPECT_TRUE(parse_metainfo(t.bytes, {.max_pieces = 6}));
  EXPECT_TRUE(error_of(t.bytes, {.max_pieces = 5}).starts_with("invalid metainfo: ")) << error_of(t.bytes, {.max_pieces = 5});
}

TEST(Metainfo, InputAboveMaxBytesIsRefusedBeforeDecoding) {
  const std::string big(10 * 1024 * 1024 + 1, 'd');
  EXPECT_EQ(error_of(big), "torrent larger than 10 MiB");
  const auto t = make_torrent(season_pack(Kind::v1));
  EXPECT_EQ(error_of(t.bytes, {.max_bytes = 100}), "torrent larger than 100 bytes");
  EXPECT_TRUE(parse_metainfo(t.bytes, {.max_bytes = t.bytes.size()}));
}

// The magnet libtorrent writes for a torrent names what parse_metainfo read from it.
TEST(Metainfo, LibtorrentsMagnetOfATorrentParsesToTheSameTorrent) {
  for (const auto kind : {Kind::v1, Kind::v2, Kind::hybrid}) {
    const auto t = make_torrent(season_pack(kind));
    const auto m = parse_metainfo(t.bytes);
    ASSERT_TRUE(m) << m.error().message;
    const libtorrent::torrent_info ti(t.bytes.data(), static_cast<int>(t.bytes.size()));
    const auto magnet = parse_magnet_uri(libtorrent::make_magnet_uri(ti));
    ASSERT_TRUE(magnet) << magnet.error().message;
    EXPECT_EQ(magnet->info_hash, m->info_hash);
    EXPECT_EQ(magnet->name, m->name);
    EXPECT_EQ(magnet->trackers, m->trackers);
  }
}

// Every seed of the fuzz corpus is a torrent that parses, of each kind.
TEST(Metainfo, FuzzSeedCorpusParses) {
  const auto dir = std::filesystem::path(HELMARR_TEST_DIR) / "../fuzz/corpus/metainfo";
  int v1_only = 0, v2_only = 0, hybrid = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    const auto m = parse_metainfo(bytes.str());
    ASSERT_TRUE(m) << entry.path() << ": " << m.error().message;
    EXPECT_LT(bytes.str().size(), 4096u) << entry.path();
    v1_only += m->info_hash.v1 && !m->info_hash.v2;
    v2_only += !m->info_hash.v1 && m->info_hash.v2;
    hybrid += m->info_hash.v1 && m->info_hash.v2;
  }
  EXPECT_GT(v1_only, 0);
  EXPECT_GT(v2_only, 0);
  EXPECT_GT(hybrid, 0);
}

// Writes that corpus: torrent_tests --gtest_also_run_disabled_tests
// --gtest_filter=Metainfo.DISABLED_WriteFuzzSeedCorpus
TEST(Metainfo, DISABLED_WriteFuzzSeedCorpus) {
  const auto dir = std::filesystem::path(HELMARR_TEST_DIR) / "../fuzz/corpus/metainfo";
  std::filesystem::create_directories(dir);
  auto private_single = TorrentSpec{.kind = Kind::v1, .files = {{"Movie.2019.1080p.BluRay.x264-GRP.mkv", 70000}},
                                    .is_private = true, .trackers = {"https://t.example/a/announce"}};
  const std::pair<const char*, TorrentSpec> seeds[] = {
      {"v1_multi", season_pack(Kind::v1)},
      {"v2_multi", season_pack(Kind::v2)},
      {"hybrid_multi", season_pack(Kind::hybrid)},
      {"v1_single_private", private_single},
      {"v2_single", {.kind = Kind::v2, .files = {{"book.epub", 20000}}}},
      {"hybrid_single", {.kind = Kind::hybrid, .files = {{"song.flac", 30000}}, .comment = "c"}},
  };
  for (const auto& [name, spec] : seeds) {
    std::ofstream(dir / name, std::ios::binary) << make_torrent(spec).bytes;
  }
}

std::string mutated(std::string bytes, const std::vector<std::pair<std::size_t, char>>& edits) {
  for (const auto& [at, c] : edits) {
    if (!bytes.empty()) bytes[at % bytes.size()] = c;
  }
  return bytes;
}

void check_any(std::string_view bytes) {
  const auto m = parse_metainfo(bytes, {.max_files = 5});
  if (m) {
    RC_ASSERT(!m->info_hash.empty());
    RC_ASSERT(m->files.size() <= 5u);
    RC_ASSERT(m->files.size() <= m->file_count);
  } else {
    RC_ASSERT(m.error().code == ErrorCode::invalid_request);
    RC_ASSERT(!m.error().message.empty());
  }
  RC_CLASSIFY(m.has_value(), "parsed");
}

RC_GTEST_PROP(MetainfoProperty, RandomBytesNeverCrash, (const std::string& bytes)) { check_any(bytes); }

RC_GTEST_PROP(MetainfoProperty, MutatedTorrentsNeverCrash, ()) {
  static const std::string hybrid = make_torrent(season_pack(Kind::hybrid)).bytes;
  // A few edits, and often no cut: most inputs stay close to a torrent, so
  // some still parse and the rest fail deep inside libtorrent's checks.
  const auto edits = *rc::gen::container<std::vector<std::pair<std::size_t, char>>>(
      *rc::gen::inRange(0, 4),
      rc::gen::pair(rc::gen::arbitrary<std::size_t>(), rc::gen::elementOf(std::string("0123456789-:deil\xff"))));
  const auto cut = *rc::gen::oneOf(rc::gen::just(hybrid.size()), rc::gen::inRange<std::size_t>(0, hybrid.size()));
  check_any(mutated(hybrid, edits).substr(0, cut));
}

}  // namespace
}  // namespace helmarr::torrent
