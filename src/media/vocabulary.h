#pragma once
// Vocabulary of release-name tokens (sources, codecs, languages, ...): one
// sorted constexpr table, looked up case-insensitively by binary search so a
// token costs a handful of comparisons and no allocation.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace helmarr::media {

enum class Cat : std::uint8_t {
  none,
  res,        // val = lines (480, 720, ...)
  source,     // val = Src
  codec,      // val = Codec
  audio,      // val = Audio
  hdr,        // val = Hdr
  lang,       // val = two ASCII letters packed (hi << 8 | lo)
  edition,    // val = Edition
  revision,   // val = Rev
  flag,       // val = Flag
  container,  // file extensions / containers (mkv, mp4, ...)
  site,       // indexer/site tags (eztv, rarbg, ...)
};

enum class Src : std::uint8_t {
  bluray, bdrip, brrip, remux, bdremux, webdl, webrip, web, hdtv, pdtv, sdtv, tvrip, dvd, dvdr, cam,
  telesync, telecine, workprint, dvdscr, regional, bd, uhdbd, hddvd_hd, rawhd, hr, webdl_sd,
  webdl_hd, webdl_uhd, hdrip, mbluray, bdlight,
};
enum class Codec : std::uint8_t { x264, x265, x266, xvid, divx, av1, vc1, mpeg2, vp9, avc, hevc };
// Ordered by preference: a later value wins when several are present.
enum class Audio : std::uint8_t { mp3, aac, opus, flac, ac3, eac3, dts, dts_hd, truehd, atmos };
enum class Hdr : std::uint8_t { hdr10, hdr10plus, dv, hlg, hdr };
enum class Edition : std::uint8_t {
  extended, directors, unrated, theatrical, imax, remastered, uncut, special, criterion, collectors,
  ultimate, final_cut,
};
enum class Rev : std::uint8_t { proper, repack, real, rerip };
enum class Flag : std::uint8_t {
  multi, internal, limited, ws, dl, ml, complete, dual, subs, bit10, disk3d, iso, bdmv, untouched,
  german_marker, nfo, hd, sd, fhd, uhd, k4, batch, raw, pal, ntsc, dubbed, vostfr, proof, extras, xxx,
};

// Trivially constructible (Word{} is "not a keyword") so per-token arrays of
// it cost nothing to set up.
struct Word {
  Cat cat;
  std::uint16_t val;
  // Ambiguous words ("DL", "German", "Cut") that do not end a movie title by
  // themselves: the title end walks back over them.
  bool weak;
};

// Returns a word with cat == none when the token is not in the vocabulary.
Word lookup_word(std::string_view token);

namespace detail {
struct KeyedWord {
  std::uint64_t key = 0;  // key8() of the word; 0 marks an empty slot
  Word word{};
};
inline constexpr std::size_t kShortSlots = 2048;  // about a fifth used: short probe runs
constexpr std::size_t short_slot(std::uint64_t key) {
  return std::size_t((key * 0x9E3779B97F4A7C15ull) >> 53);  // top 11 bits
}
extern const std::array<KeyedWord, kShortSlots> kShortTable;  // vocabulary.cc
}  // namespace detail

// Same as lookup_word for a token of 1..8 bytes whose key8() is `key`; inline
// because the parser asks once per token.
inline Word lookup_short_key(std::uint64_t key) {
  for (std::size_t s = detail::short_slot(key);; s = (s + 1) % detail::kShortSlots) {
    const detail::KeyedWord& e = detail::kShortTable[s];
    if (e.key == key) return e.word;
    if (e.key == 0) return {};
  }
}

std::string_view codec_name(Codec c);
std::string_view audio_name(Audio a);
std::string_view hdr_name(Hdr h);
std::string_view edition_name(Edition e);

}  // namespace helmarr::media
