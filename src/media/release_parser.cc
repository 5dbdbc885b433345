// Release-name parser. One pass tokenizes the name into string_views, a
// second classifies tokens against the vocabulary, then small recognisers
// find episode markers, the title end, the year, the group and the quality
// evidence. No regex and no allocation beyond the output fields.
#include <algorithm>
#include <array>
#include <cstring>
#include <span>

#include "media/quality.h"
#include "media/release.h"
#include "media/tokens.h"
#include "media/vocabulary.h"

namespace helmarr::media {
namespace {

constexpr std::size_t npos = static_cast<std::size_t>(-1);

// Per-token classification; trivially constructible, reset per used token.
struct Info {
  Word w;
  bool tech;    // a quality/codec/language/... token
  bool weak;    // tech, but may be a title word
  bool marker;  // part of an episode/season/date marker
  std::int16_t res;  // resolution carried by a glued token (Bluray720p, 1280x720)
  bool glued_bluray;
  bool digits;  // all ASCII digits (cached: every recogniser asks)
  bool has_digit;  // some ASCII digit (no episode/resolution form without one)
  bool year;    // 1900..2099
};

bool is_year(std::string_view t) {
  if (t.size() != 4 || !all_digits(t)) return false;
  int y = to_int(t);
  return y >= 1900 && y <= 2099;
}

std::size_t find_x(std::string_view t) {
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t[i] == 'x' || t[i] == 'X') return i;
  return std::string_view::npos;
}

int res_from_lines(int lines) {
  if (lines >= 2000) return 2160;
  if (lines >= 1000) return 1080;
  if (lines >= 700) return 720;
  if (lines >= 560) return 576;
  return 480;
}

// "1280x720", "848x480": frame sizes, not season x episode.
int frame_size(std::string_view t) {
  if (t.size() < 7) return 0;  // needs >= 3 digits, 'x', >= 3 more bytes
  std::size_t x = find_x(t);
  if (x == std::string_view::npos || x < 3 || x + 4 > t.size()) return 0;
  int w = to_int(t.substr(0, x)), h = to_int(t.substr(x + 1));
  if (w < 320 || h < 240 || h > 4320) return 0;
  return res_from_lines(h);
}

// Resolution glued to another word: "Bluray720p", "BD2160p", "4Kto1080p", "1080p60".
int glued_resolution(std::string_view t) {
  for (std::size_t i = 0; i + 3 < t.size(); ++i) {
    if (!is_digit(t[i]) || (i > 0 && is_digit(t[i - 1]))) continue;
    std::size_t j = i;
    while (j < t.size() && is_digit(t[j])) ++j;
    if (j >= t.size() || (lower(t[j]) != 'p' && lower(t[j]) != 'i')) continue;
    int v = to_int(t.substr(i, j - i));
    if (v == 480 || v == 576 || v == 720 || v == 1080 || v == 2160 || v == 540) return res_from_lines(v);
  }
  return 0;
}

// The eight bytes of a hash candidate: hex digits, at least one a digit.
bool hex_with_digit(std::string_view t) {
  bool digit = false;
  for (char c : t) {
    char l = lower(c);
    if (is_digit(c)) digit = true;
    else if (l < 'a' || l > 'f') return false;
  }
  return digit;
}

// "[1A2B3C4D]"-style CRC; the length test is inline, most tokens fail it.
inline bool is_hex_hash(std::string_view t) { return t.size() == 8 && hex_with_digit(t); }

// "v2", "V3"
int version_token(std::string_view t) {
  if (t.size() == 2 && lower(t[0]) == 'v' && t[1] >= '1' && t[1] <= '9') return t[1] - '0';
  return 0;
}

bool gap_has(std::string_view gap, char c) { return contains(gap, c); }

// Sets an output field; append to a cleared string skips assign()'s checks
// for overlapping source and target.
void put(std::string& field, std::string_view v) {
  field.clear();
  field.append(v.data(), v.size());
}

bool gap_is(std::string_view gap, std::string_view g) { return gap == g; }
// A gap of exactly the one separator c: two compares, no memcmp call.
constexpr bool gap_is(std::string_view gap, char c) { return gap.size() == 1 && gap[0] == c; }
bool spaced_dash(std::string_view gap) {
  return gap.size() >= 2 && gap_has(gap, '-') && (gap_has(gap, ' ') || gap_has(gap, '_'));
}

// Reads digits at t[i..]; returns value or -1, advancing i.
int read_num(std::string_view t, std::size_t& i, std::size_t max_digits = 4) {
  std::size_t b = i;
  int v = 0;  // max_digits <= 9: no overflow
  while (i < t.size() && is_digit(t[i]) && i - b < max_digits) v = v * 10 + (t[i++] - '0');
  if (i == b || (i < t.size() && is_digit(t[i]))) return -1;
  return v;
}

// Episode list builder: ranges only go forwards and stay short.
void add_episode(std::vector<int>& eps, int n, bool range) {
  if (n < 0) return;
  if (range && !eps.empty() && n > eps.back() && n - eps.back() <= 200) {
    eps.reserve(eps.size() + std::size_t(n - eps.back()));  // one allocation for the range
    for (int e = eps.back() + 1; e <= n; ++e) eps.push_back(e);
    return;
  }
  if (range) return;
  if (eps.empty() || eps.back() != n) eps.push_back(n);
}

// Title bytes as written to the title: separators become spaces.
constexpr std::array<char, 256> title_bytes(bool dots_separate) {
  std::array<char, 256> a{};
  for (int c = 0; c < 256; ++c) a[c] = char(c);
  a['_'] = ' ';
  if (dots_separate) a['.'] = ' ';
  return a;
}
constexpr auto kTitleByteSpaced = title_bytes(false), kTitleByteDotted = title_bytes(true);

// High bit of each byte of x that equals c (exact: no carries between bytes).
constexpr std::uint64_t bytes_equal(std::uint64_t x, char c) {
  constexpr std::uint64_t k7f = 0x7f7f7f7f7f7f7f7full, k80 = 0x8080808080808080ull;
  const std::uint64_t y = x ^ (0x0101010101010101ull * static_cast<unsigned char>(c));
  return ~(((y & k7f) + k7f) | y) & k80;
}

// Second tokens of the multi-token words (WEB-DL, H.264, ...) in classify();
// the same list as the switch in Parser::pair_second().
constexpr std::uint64_t kPairSecond[] = {
    kw("dl"),  kw("rip"), kw("ray"),  kw("dvd"), kw("tv"),  kw("hd"),    kw("25"),     kw("50"),   kw("66"),
    kw("100"), kw("iso"), kw("bd"),   kw("264"), kw("265"), kw("266"),   kw("1"),      kw("2"),    kw("ma"),
    kw("x"),   kw("es"),  kw("hr"),   kw("ac3"), kw("audio"), kw("dub"), kw("lek"),    kw("pl"),   kw("vision"),
    kw("plus"), kw("bit"), kw("bits"), kw("cut"), kw("s"),  kw("edition"), kw("r"), kw("ts"), kw("tc"),
    kw("disk"), kw("bluray")};
// A 256-bit filter over kPairSecond: most tokens are rejected by one bit test.
constexpr unsigned pair_bit(std::uint64_t k) { return unsigned((k * 0x9E3779B97F4A7C15ull) >> 56); }
constexpr auto kPairFilter = [] {
  std::array<std::uint64_t, 4> f{};
  for (std::uint64_t k : kPairSecond) f[pair_bit(k) >> 6] |= std::uint64_t{1} << (pair_bit(k) & 63);
  return f;
}();
struct Parser {
  std::string_view input;
  std::string_view name;  // input without file extension
  TokenList toks;
  Slots<Info, kMaxTokens> info;
  std::array<std::uint64_t, kMaxTokens> keys;
  // The all-digit tokens in order: date, packed-episode and Turkish-episode
  // recognisers look at numbers only.
  std::array<std::uint8_t, kMaxTokens> number_at;
  std::size_t numbers = 0;
  static_assert(kMaxTokens <= 256);
  std::size_t n = 0;
  std::size_t ts = 0;           // first title token
  std::size_t title_begin = 0;  // byte offset
  std::size_t te = npos;        // first token after the title
  std::size_t title_end_byte = npos;
  std::size_t marker_at = npos;  // first token of the earliest TV marker
  std::size_t marker_byte = npos;
  std::size_t group_from = npos;  // first token of the trailing group
  std::size_t lead_group_end = 0; // tokens before this are the leading [group]
  bool anime = false;
  bool ext_avi = false, ext_m2ts = false, ext_mkv = false;
  ParsedRelease& r;  // the caller's result, filled in place (no final move)

  explicit Parser(ParsedRelease& out) : r(out) {}

  std::string_view tok(std::size_t i) const { return toks[i].text; }
  bool is_tech(std::size_t i) const { return i < n && info[i].tech; }
  bool strong(std::size_t i) const { return i < n && info[i].tech && !info[i].weak; }
  bool is(std::size_t i, std::uint64_t k) const { return i < n && keys[i] == k; }
  bool digits(std::size_t i) const { return i < n && info[i].digits; }
  // The all-digit tokens at or after token `from`.
  std::span<const std::uint8_t> numbers_from(std::size_t from) const {
    std::size_t k = 0;
    while (k < numbers && number_at[k] < from) ++k;
    return {number_at.data() + k, numbers - k};
  }
  // Cheap pre-check: only these first characters can start an episode marker.
  // Read off the packed key: its low byte is the lower-cased first character,
  // and its upper half is non-zero for tokens longer than 4 bytes.
  bool may_mark(std::size_t i) const {
    static constexpr CharSet kStart{"0123456789sct"};
    const std::uint64_t k = keys[i];
    return (k >> 32) != 0 || kStart.has(char(k & 0xff));
  }

  // False when token i surely holds no 'x' or 'X' (read off its packed key;
  // long tokens have no key and may hold one).
  bool may_have_x(std::size_t i) const { return keys[i] == kLongKey || bytes_equal(keys[i], 'x') != 0; }

  void note_marker(std::size_t i, std::size_t byte = npos) {
    if (byte == npos) byte = toks[i].begin;
    if (marker_byte == npos || byte < marker_byte) {
      marker_byte = byte;
      marker_at = i;
    }
  }

  void strip_extension() {
    std::string_view s = input;
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    // an extension dot sits in the last five bytes: no need to scan further
    const std::size_t tail = s.size() > 5 ? s.size() - 5 : 0;
    std::size_t dot = s.substr(tail).rfind('.');
    if (dot != std::string_view::npos) dot += tail;
    if (dot != std::string_view::npos && s.size() - dot <= 5 && s.size() - dot >= 3) {
      std::string_view ext = s.substr(dot + 1);
      static constexpr std::string_view kExt[] = {"mkv", "avi", "mp4", "m4v", "ts",  "m2ts", "wmv",
                                                  "nfo", "srt", "mpg", "mov", "flv", "webm", "MKV"};
      for (auto e : kExt) {
        if (iequals(ext, e)) {
          ext_avi = iequals(ext, "avi");
          ext_m2ts = iequals(ext, "m2ts");
          ext_mkv = iequals(ext, "mkv");
          s = s.substr(0, dot);
          break;
        }
      }
    }
    name = s;
  }

  // Every multi-token rule in classify() needs its second token to be one of
  // these (kPairSecond; the filter rejects most other tokens first).
  static bool pair_second(std::uint64_t kb) {
    unsigned b = pair_bit(kb);
    if (!((kPairFilter[b >> 6] >> (b & 63)) & 1)) return false;
    switch (kb) {
      case kw("dl"): case kw("rip"): case kw("ray"): case kw("dvd"): case kw("tv"): case kw("hd"):
      case kw("25"): case kw("50"): case kw("66"): case kw("100"): case kw("iso"): case kw("bd"):
      case kw("264"): case kw("265"): case kw("266"): case kw("1"): case kw("2"): case kw("ma"):
      case kw("x"): case kw("es"): case kw("hr"): case kw("ac3"): case kw("audio"): case kw("dub"):
      case kw("lek"): case kw("pl"): case kw("vision"): case kw("plus"): case kw("bit"): case kw("bits"):
      case kw("cut"): case kw("s"): case kw("edition"): case kw("r"): case kw("ts"): case kw("tc"):
      case kw("disk"): case kw("bluray"):
        return true;
      default:
        return false;
    }
  }

  // Records a vocabulary hit; false when `w` is not a word.
  static bool set_word(Info& in, Word w) {
    in.w = w;
    if (w.cat == Cat::none) return false;
    in.tech = w.cat != Cat::site;
    in.weak = w.weak || (w.cat == Cat::revision && w.val == std::uint16_t(Rev::real));
    return true;
  }

  void classify() {
    for (std::size_t i = 0; i < n; ++i) {
      Info& in = info[i];
      in = Info{};
      std::string_view t = tok(i);
      const TokenKey tk = token_key(t);
      keys[i] = tk.key;
      const DigitFlags df = tk.digits;
      in.digits = df.all;
      in.has_digit = df.any;
      if (in.digits) {
        number_at[numbers++] = std::uint8_t(i);
        // Numbers: only one- and two-digit ones are worth a lookup; no
        // recogniser below takes a token without letters.
        // 1900..2099, and "(1897)" in parentheses
        in.year = t.size() == 4 && (t[0] == '1' ? (t[1] == '9' || (t[1] == '8' && toks[i].open == '('))
                                                : t[0] == '2' && t[1] == '0');
        if (t.size() <= 2) set_word(in, lookup_short_key(keys[i]));
        continue;
      }
      if (set_word(in, t.size() <= 8 ? lookup_short_key(keys[i]) : lookup_word(t))) continue;
      if (!in.has_digit) {
        // Every recogniser below needs a digit except "dlrip".
        if (keys[i] == kw("dlrip")) {
          in.tech = true;
          in.w = Word{Cat::source, std::uint16_t(Src::webrip), false};
        }
        continue;
      }
      if (int fs = frame_size(t)) {
        in.res = fs;
        in.tech = true;
      } else if (int g = glued_resolution(t)) {
        in.res = g;
        in.tech = true;
        in.glued_bluray = istarts_with(t, "bluray") || istarts_with(t, "bd");
      } else if (version_token(t)) {
        in.tech = true;
      } else if (istarts_with(t, "bd") && t.size() <= 5 && all_digits(t.substr(2))) {
        in.tech = true;  // BD25/BD50/BD66: full disks
        in.w = Word{Cat::flag, std::uint16_t(Flag::iso), false};
      } else if (keys[i] == kw("2xdvd9") || keys[i] == kw("2xdvd5")) {
        in.tech = true;
        in.w = Word{Cat::source, std::uint16_t(Src::dvdr), false};
      } else if (keys[i] == kw("dlrip")) {
        in.tech = true;
        in.w = Word{Cat::source, std::uint16_t(Src::webrip), false};
      }
    }
    // Multi-token words and gap-dependent forms in one pass: each step only
    // touches tokens at or after i - 1, which no later step writes.
    const bool plus = name.find('+') != std::string_view::npos;  // one memchr, not a test per token
    for (std::size_t i = 0; i < n; ++i) {
      if (i + 1 < n) multi_token_word(i);
      gap_form(i, plus);
    }
  }

  // Multi-token words: WEB-DL, Blu-ray, H.264, DTS-HD, HD DVD, VC-1, ...
  void multi_token_word(std::size_t i) {
    const std::uint64_t ka = keys[i], kb = keys[i + 1];
    if (!pair_second(kb)) return;
    std::string_view a = tok(i), b = tok(i + 1);
    auto set = [&](std::size_t k, Word w) {
      info[k].w = w;
      info[k].tech = true;
      info[k].weak = false;
    };
    if (ka == kw("web") && kb == kw("dl")) {
      set(i, {Cat::source, std::uint16_t(Src::webdl)});
      set(i + 1, {Cat::flag, std::uint16_t(Flag::dl)});
    } else if (ka == kw("web") && kb == kw("rip")) {
      set(i, {Cat::source, std::uint16_t(Src::webrip)});
      set(i + 1, {Cat::flag, std::uint16_t(Flag::raw)});
    } else if (ka == kw("blu") && kb == kw("ray")) {
      set(i, {Cat::source, std::uint16_t(Src::bluray)});
      set(i + 1, {Cat::flag, std::uint16_t(Flag::raw)});
    } else if (ka == kw("hd") && kb == kw("dvd")) {
      set(i, {Cat::source, std::uint16_t(Src::hddvd_hd)});
      set(i + 1, {Cat::flag, std::uint16_t(Flag::raw)});
    } else if (ka == kw("hd") && kb == kw("tv")) {
      set(i, {Cat::flag, std::uint16_t(Flag::hd)});
      set(i + 1, {Cat::source, std::uint16_t(Src::hdtv)});
      info[i].res = -1;  // "HD TV": HDTV at 720p
    } else if (ka == kw("br") && kb == kw("disk")) {  // "BR-DISK"
      set(i, {Cat::source, std::uint16_t(Src::bluray)});
      set(i + 1, {Cat::flag, std::uint16_t(Flag::iso)});
    } else if (ka == kw("full") && kb == kw("bluray")) {  // "Full.BluRay": the whole disk
      set(i, {Cat::flag, std::uint16_t(Flag::iso)});
    } else if (ka == kw("hd") && (kb == kw("ts") || kb == kw("tc"))) {  // "HD-TS", "HD TC"
      set(i, {Cat::flag, std::uint16_t(Flag::raw)});
      set(i + 1, {Cat::source, std::uint16_t(kb == kw("ts") ? Src::telesync : Src::telecine)});
    } else if (ka == kw("sd") && kb == kw("tv")) {  // "SD-TV", "SD TV"
      set(i, {Cat::flag, std::uint16_t(Flag::raw)});
      set(i + 1, {Cat::source, std::uint16_t(Src::sdtv)});
    } else if (ka == kw("dvd") && kb == kw("r") && gap_is(toks.gap_before(i + 1), '-')) {  // "DVD-R"
      set(i, {Cat::source, std::uint16_t(Src::dvdr)});
      set(i + 1, {Cat::flag, std::uint16_t(Flag::raw)});
    } else if (ka == kw("raw") && kb == kw("hd")) {
      set(i, {Cat::source, std::uint16_t(Src::rawhd)});
      set(i + 1, {Cat::flag, std::uint16_t(Flag::raw)});
    } else if ((ka == kw("bd") || ka == kw("uhd")) &&
               (kb == kw("25") || kb == kw("50") || kb == kw("66") || kb == kw("100") || kb == kw("iso"))) {
      set(i, {Cat::source, std::uint16_t(Src::bd)});
      set(i + 1, {Cat::flag, std::uint16_t(Flag::iso)});
    } else if (ka == kw("3d") && kb == kw("bd")) {
      set(i, {Cat::flag, std::uint16_t(Flag::iso)});
      set(i + 1, {Cat::source, std::uint16_t(Src::bd)});
    } else if ((ka == kw("h") || ka == kw("x")) && (b == "264" || b == "265" || b == "266")) {
      Codec c = b == "264" ? Codec::x264 : b == "265" ? Codec::x265 : Codec::x266;
      set(i, {Cat::codec, std::uint16_t(c)});
      set(i + 1, {Cat::flag, std::uint16_t(Flag::raw)});
    } else if (ka == kw("vc") && b == "1") {
      set(i, {Cat::codec, std::uint16_t(Codec::vc1)});
      set(i + 1, {Cat::flag, std::uint16_t(Flag::raw)});
    } else if (ka == kw("mpeg") && b == "2") {
      set(i, {Cat::codec, std::uint16_t(Codec::mpeg2)});
      set(i + 1, {Cat::flag, std::uint16_t(Flag::raw)});
    } else if (ka == kw("dts") && (kb == kw("hd") || kb == kw("ma") || kb == kw("x") ||
                                     kb == kw("es") || kb == kw("hr"))) {
      set(i, {Cat::audio, std::uint16_t(Audio::dts_hd)});
      set(i + 1, {Cat::flag, std::uint16_t(Flag::raw)});
    } else if (ka == kw("e") && kb == kw("ac3")) {
      set(i, {Cat::flag, std::uint16_t(Flag::raw)});
      set(i + 1, {Cat::audio, std::uint16_t(Audio::eac3)});
    } else if (ka == kw("bg") && kb == kw("audio")) {
      set(i, {Cat::lang, std::uint16_t(('b' << 8) | 'g')});
      set(i + 1, {Cat::flag, std::uint16_t(Flag::raw)});
    } else if ((ka == kw("pl") && (kb == kw("dub") || kb == kw("lek"))) ||
               ((ka == kw("dub") || ka == kw("lek")) && kb == kw("pl"))) {
      set(i, {Cat::lang, std::uint16_t(('p' << 8) | 'l')});
      set(i + 1, {Cat::lang, std::uint16_t(('p' << 8) | 'l')});
    } else if (ka == kw("dolby") && kb == kw("vision")) {
      set(i, {Cat::hdr, std::uint16_t(Hdr::dv)});
      set(i + 1, {Cat::flag, std::uint16_t(Flag::raw)});
    } else if (ka == kw("hdr10") && kb == kw("plus")) {
      set(i, {Cat::hdr, std::uint16_t(Hdr::hdr10plus)});
      set(i + 1, {Cat::flag, std::uint16_t(Flag::raw)});
    } else if ((ka == kw("dual") || ka == kw("multi")) && kb == kw("audio")) {
      set(i, {Cat::flag, std::uint16_t(Flag::dual)});
      set(i + 1, {Cat::flag, std::uint16_t(Flag::raw)});
    } else if (b.size() <= 4 && (kb == kw("bit") || kb == kw("bits")) && all_digits(a)) {
      set(i, {Cat::flag, std::uint16_t(Flag::bit10)});
      set(i + 1, {Cat::flag, std::uint16_t(Flag::raw)});
    } else if (kb == kw("cut") && (iequals(a, "directors") || ka == kw("director") || ka == kw("extended") ||
                                   ka == kw("final"))) {
      Edition e = ka == kw("extended") ? Edition::extended
                  : ka == kw("final")  ? Edition::final_cut
                                         : Edition::directors;
      set(i, {Cat::edition, std::uint16_t(e)});
      set(i + 1, {Cat::flag, std::uint16_t(Flag::raw)});
    } else if (ka == kw("director") && kb == kw("s") && i + 2 < n && is(i + 2, kw("cut"))) {
      set(i, {Cat::edition, std::uint16_t(Edition::directors)});
      set(i + 1, {Cat::flag, std::uint16_t(Flag::raw)});
      set(i + 2, {Cat::flag, std::uint16_t(Flag::raw)});
    } else if (info[i].w.cat == Cat::edition && kb == kw("edition")) {
      info[i].weak = false;
      set(i + 1, {Cat::flag, std::uint16_t(Flag::raw)});
    }
  }

  // Gap-dependent forms: "DD+", "HDR10+", audio channels "5.1", "DD5.1".
  void gap_form(std::size_t i, bool plus) {
    // the byte after a token is a separator unless the name ends there
    const std::size_t end = toks[i].end;
    if (plus && end < toks.input.size() && toks.input[end] == '+') {
      if (is(i, kw("dd"))) info[i] = Info{Word{Cat::audio, std::uint16_t(Audio::eac3)}, true};
      else if (is(i, kw("hdr10"))) {
        info[i] = Info{Word{Cat::hdr, std::uint16_t(Hdr::hdr10plus)}, true};
        info[i].has_digit = true;
      }
    }
    std::string_view t = tok(i);
    if (t.size() == 1 && info[i].digits && i > 0) {
      const Info& p = info[i - 1];
      std::string_view before = toks.gap_before(i);
      bool prev_audio = p.w.cat == Cat::audio || (p.tech && tok(i - 1).size() == 1 && is_digit(tok(i - 1)[0]));
      bool chan = (gap_is(before, '.') || gap_is(before, ' ')) && prev_audio;
      bool pair = gap_is(before, '.') && tok(i - 1).size() == 1 && is_digit(tok(i - 1)[0]) &&
                  (t == "0" || t == "1") && contains("125678", tok(i - 1)[0]);
      if (chan || pair) {
        info[i].tech = true;
        info[i].weak = false;
        if (pair) info[i - 1].tech = true, info[i - 1].weak = false;
      }
    }
  }

  // Leading "[Group]" blocks (anime/P2P) and site banners; sets ts.
  void leading_brackets() {
    std::size_t pos = 0;
    std::size_t i = 0;
    bool first = true;
    while (true) {
      while (pos < name.size() && (name[pos] == ' ' || name[pos] == '.' || name[pos] == '_' || name[pos] == '-'))
        ++pos;
      if (pos >= name.size() || (name[pos] != '[')) break;
      std::size_t close = name.find(']', pos);
      if (close == std::string_view::npos) break;
      std::size_t j = i;
      bool all_tech = true, site = false, any = false;
      while (j < n && toks[j].begin < close) {
        any = true;
        if (info[j].w.cat == Cat::site) site = true;
        if (!info[j].tech) all_tech = false;
        ++j;
      }
      std::string_view content = name.substr(pos + 1, close - pos - 1);
      if (content.find(".com") != std::string_view::npos || content.find(".org") != std::string_view::npos) site = true;
      if (j >= n) break;  // the whole name is bracketed: keep it as title
      if (any && !all_tech && !site && first && !is_hex_hash(tok(i))) {
        std::size_t b = 0, e = content.size();
        while (b < e && content[b] == ' ') ++b;
        while (e > b && content[e - 1] == ' ') --e;
        put(r.group, content.substr(b, e - b));
        anime = true;
        first = false;
      }
      i = j;
      pos = close + 1;
    }
    lead_group_end = i;
    ts = i;
    // "221208 Show ep12": a leading yymmdd upload date is not part of the title.
    if (ts + 2 < n && tok(ts).size() == 6 && digits(ts) && gap_is(toks.gap_after(ts), ' ')) ++ts;
    // Tech words before the title (BD25.Movie.Title): skip them.
    while (ts + 1 < n && strong(ts) && !digits(ts) &&
           (info[ts].w.cat == Cat::source || info[ts].w.cat == Cat::res ||
            (info[ts].w.cat == Cat::flag && info[ts].w.val == std::uint16_t(Flag::iso))))
      ++ts;
    // "www.Torrenting.com - Movie.2008...": a leading web address banner
    if (ts == 0 && n > 3 && is(0, kw("www")) && gap_is(toks.gap_after(0), '.')) {
      std::size_t k = 1;
      while (k < 4 && k + 1 < n && gap_is(toks.gap_after(k), '.')) ++k;
      if (k >= 2 && k + 1 < n && spaced_dash(toks.gap_after(k))) ts = k + 1;
    }
    title_begin = ts < n ? toks[ts].begin : name.size();
  }

  // --- episode markers -------------------------------------------------

  // "E05", "Ep05", "EP06", "e5v2" -> number; sets version.
  int episode_word(std::string_view t) {
    std::size_t i = 0;
    if (t.empty() || lower(t[0]) != 'e') return -1;
    i = 1;
    if (i < t.size() && lower(t[i]) == 'p') ++i;
    if (i >= t.size() || !is_digit(t[i])) return -1;
    int v = read_num(t, i, 5);
    if (v < 0) return -1;
    if (i < t.size()) {
      if (lower(t[i]) == 'v' && i + 2 == t.size() && is_digit(t[i + 1])) r.version = std::max(1, t[i + 1] - '0');
      else return -1;
    }
    return v;
  }

  // Tokens following an episode marker: E10, -E10, -10, S01E02 of the same season, x03.
  std::size_t episode_continuation(std::size_t j, int season) {
    while (j < n) {
      std::string_view gap = toks.gap_before(j);
      if (gap.size() > 3 || gap.empty()) break;
      bool dash = gap_has(gap, '-');
      std::string_view t = tok(j);
      int e = episode_word(t);
      if (e < 0 && (lower(t[0]) == 'x') && t.size() > 1 && all_digits(t.substr(1))) e = to_int(t.substr(1));
      if (e >= 0) {
        add_episode(r.episodes, e, dash);
      } else if (all_digits(t) && t.size() <= 4 && (gap_is(gap, '-') || gap_is(gap, '_')) && !is_year(t) &&
                 !r.episodes.empty() && to_int(t) > r.episodes.back()) {
        add_episode(r.episodes, to_int(t), gap_is(gap, '-'));
      } else {
        // S01E03 or 2x10 continuing the same season
        int s2 = -1, e2 = -1;
        if (!sxe(t, s2, e2) && !(may_have_x(j) && nxm(t, s2, e2))) break;
        if (s2 != season) break;
        add_episode(r.episodes, e2, dash);
      }
      info[j].marker = true;
      ++j;
    }
    return j;
  }

  // S01E02[E03...] (whole token); returns first episode in e.
  bool sxe(std::string_view t, int& s, int& e) {
    if (t.size() < 4 || lower(t[0]) != 's' || !is_digit(t[1])) return false;
    std::size_t i = 1;
    s = read_num(t, i, 4);
    if (s < 0 || i >= t.size() || lower(t[i]) != 'e') return false;
    ++i;
    if (i < t.size() && lower(t[i]) == 'p') ++i;
    e = read_num(t, i, 5);
    if (e < 0) return false;
    while (i < t.size()) {
      if (lower(t[i]) == 'e' && i + 1 < t.size() && is_digit(t[i + 1])) {
        ++i;
        read_num(t, i, 5);
      } else if (lower(t[i]) == 'v' && i + 2 == t.size() && is_digit(t[i + 1])) {
        i += 2;
      } else {
        return false;
      }
    }
    return true;
  }

  void sxe_episodes(std::string_view t) {
    std::size_t i = 1;
    read_num(t, i, 4);
    ++i;
    if (lower(t[i]) == 'p') ++i;
    add_episode(r.episodes, read_num(t, i, 5), false);
    while (i < t.size()) {
      if (lower(t[i]) == 'e') {
        ++i;
        add_episode(r.episodes, read_num(t, i, 5), true);  // "E1E3" spans 1-3
      } else {
        r.version = std::max(1, t[i + 1] - '0');  // "v0" is no version
        break;
      }
    }
  }

  // 1x02 / 2009x09
  bool nxm(std::string_view t, int& s, int& e) {
    if (t.size() < 3 || !is_digit(t[0])) return false;  // digits, 'x', digits
    std::size_t x = find_x(t.substr(0, 5));  // the x comes within five bytes
    if (x == std::string_view::npos || x == 0 || x > 4 || x + 1 >= t.size()) return false;
    // "2x04x05": more episodes after further x's (read by nxm_more)
    std::size_t x2 = x + 1;
    while (x2 < t.size() && is_digit(t[x2])) ++x2;
    if (x2 - x - 1 > 3 || x2 - x - 1 == 0) return false;
    if (x2 < t.size() && !nxm_more(t.substr(x2), nullptr)) return false;
    if (!all_digits(t.substr(0, x))) return false;
    if (frame_size(t)) return false;
    s = to_int(t.substr(0, x));
    e = to_int(t.substr(x + 1, x2 - x - 1));
    return true;
  }
  // "x05x06" after "2x04": checks the form, and adds the episodes when eps is given.
  static bool nxm_more(std::string_view t, std::vector<int>* eps) {
    std::size_t i = 0;
    while (i < t.size()) {
      if (lower(t[i]) != 'x' || i + 1 >= t.size()) return false;
      std::size_t b = ++i;
      while (i < t.size() && is_digit(t[i])) ++i;
      if (i == b || i - b > 3) return false;
      if (eps) add_episode(*eps, to_int(t.substr(b, i - b)), false);
    }
    return true;
  }

  bool set_season(int s) {
    if (r.season) return false;
    r.season = s;
    return true;
  }

  // Token i is "Season", "Temporada", ... (compared by packed key).
  bool season_word(std::size_t i) const {
    const char c = lower(toks[i].text[0]);
    if (c != 's' && c != 't') return false;
    switch (keys[i]) {
      case kw("season"): case kw("stagione"): case kw("saison"): case kw("seizoen"): case kw("sezon"):
      case kw("se"): case kw("series"):
        return true;
      default:
        return toks[i].text.size() == 9 && iequals(toks[i].text, "temporada");
    }
  }

  bool episode_word_prefix(std::size_t i) const {
    switch (keys[i]) {
      case kw("episode"): case kw("ep"): case kw("afl"): case kw("e"): case kw("episodio"): case kw("episodes"):
        return true;
      default:
        return false;
    }
  }

  // Episode numbers after a season marker at token j: "E06", "Ep01", "Episode 05", "afl.2-3-4".
  std::size_t season_then_episode(std::size_t j, int season) {
    if (j >= n) return npos;
    std::string_view gap = toks.gap_before(j);
    if (gap.size() > 3) return npos;
    std::string_view t = tok(j);
    int e = episode_word(t);
    if (e >= 0) {
      info[j].marker = true;
      add_episode(r.episodes, e, false);
      return episode_continuation(j + 1, season);
    }
    // "E1E2": reuse the S01E02E03 reader
    if (t.size() >= 4 && t.size() < 30 && lower(t[0]) == 'e') {
      std::array<char, 32> buf{'s', '0'};
      std::copy(t.begin(), t.end(), buf.begin() + 2);
      std::string_view se(buf.data(), t.size() + 2);
      int s0 = -1, e0 = -1;
      if (sxe(se, s0, e0)) {
        info[j].marker = true;
        sxe_episodes(se);
        return episode_continuation(j + 1, season);
      }
    }
    if (episode_word_prefix(j) && j + 1 < n && digits(j + 1) && toks.gap_before(j + 1).size() <= 3) {
      info[j].marker = info[j + 1].marker = true;
      add_episode(r.episodes, to_int(tok(j + 1)), false);
      std::size_t k = j + 2;
      // "afl.2-3-4", "afl.3 en 4", "Ep10718 - Ep10722"
      while (k < n) {
        std::string_view g = toks.gap_before(k);
        if (digits(k) && (gap_is(g, '-') || gap_is(g, '&'))) {
          add_episode(r.episodes, to_int(tok(k)), true);
        } else if ((is(k, kw("en")) || is(k, kw("and")) || is(k, kw("e"))) && k + 1 < n &&
                   digits(k + 1)) {
          add_episode(r.episodes, to_int(tok(k + 1)), false);
          ++k;
        } else {
          break;
        }
        ++k;
      }
      return episode_continuation(k, season);
    }
    // "S6.E1-S6E2"
    int s2 = -1, e2 = -1;
    if (sxe(t, s2, e2) && s2 == season) {
      info[j].marker = true;
      sxe_episodes(t);
      return episode_continuation(j + 1, season);
    }
    return npos;
  }

  void find_markers() {
    for (std::size_t i = ts; i < n; ++i) {
      if (info[i].marker || !may_mark(i)) continue;
      std::string_view t = tok(i);
      // Without a digit only the word forms below can match: S 01, Season 1,
      // Temporada 2, Cap.101.
      static constexpr CharSet kWordStart{"sStTcC"};
      const bool word_form = kWordStart.has(t[0]);
      if (!info[i].has_digit && !word_form) continue;
      int s = -1, e = -1;
      // S01E02 (possibly glued to the title: "grp-zoos01e11"); needs a digit
      const std::size_t sxe_end = info[i].has_digit ? t.size() : 0;
      for (std::size_t off = 0; off + 3 < sxe_end; ++off) {
        // every S01E02 starts with an 's' (checked here to save the call)
        if (lower(t[off]) != 's' || (off > 0 && !(is_alpha(t[off - 1]) && off >= 2))) continue;
        if (sxe(t.substr(off), s, e)) {
          if (!r.season || r.episodes.empty()) {
            r.season = s;
            r.episodes.clear();
            sxe_episodes(t.substr(off));
            info[i].marker = true;
            std::size_t j = episode_continuation(i + 1, s);
            if (j + 1 < n && is(j, kw("of")) && digits(j + 1) && r.episodes.size() > 1 &&
                r.episodes.front() == 1 && r.episodes.back() == to_int(tok(j + 1))) {
              r.full_season = true;
              r.episodes.clear();
            }
            // anime: "S10E14 214" carries the absolute number after
            if (anime && j < n && digits(j) && tok(j).size() >= 2 && tok(j).size() <= 4 && !(j < n && info[j].year)) {
              r.absolute_episodes.push_back(to_int(tok(j)));
              info[j].marker = true;
            } else if (j < n && digits(j) && tok(j).size() >= 2 && tok(j).size() <= 4 && !info[j].year &&
                       (toks.gap_before(j) == " (" || (toks.gap_before(j) == " - " && tok(j).size() == 3))) {
              // "S01E01-02 (001-002)": absolute numbers in parentheses after the episode
              add_episode(r.absolute_episodes, to_int(tok(j)), false);
              info[j].marker = true;
              for (std::size_t k = j + 1; k < n && digits(k) && gap_is(toks.gap_before(k), '-') && tok(k).size() <= 4; ++k) {
                add_episode(r.absolute_episodes, to_int(tok(k)), true);
                info[k].marker = true;
              }
            }
          }
          note_marker(i, toks[i].begin + off);
          break;
        }
      }
      if (info[i].marker) continue;
      // 1x02
      if (!info[i].digits && is_digit(t[0]) && may_have_x(i) && nxm(t, s, e)) {  // 1x02 has an x: never all digits
        if (set_season(s)) {
          r.episodes.clear();
          add_episode(r.episodes, e, false);
          {
            std::size_t x = find_x(t) + 1;
            while (x < t.size() && is_digit(t[x])) ++x;
            if (x < t.size()) nxm_more(t.substr(x), &r.episodes);
          }
          std::size_t j = episode_continuation(i + 1, s);
          if (anime && j < n && digits(j) && tok(j).size() >= 2 && tok(j).size() <= 4 && !(j < n && info[j].year)) {
            r.absolute_episodes.push_back(to_int(tok(j)));
            info[j].marker = true;
          } else if (anime && i > ts + 1 && digits(i - 1) && tok(i - 1).size() >= 2 && tok(i - 1).size() <= 4 &&
                     !info[i - 1].year && !info[i - 1].marker && gap_is(toks.gap_before(i), ' ')) {
            // "[Grp] Show 214 10x14": the absolute number before
            r.absolute_episodes.push_back(to_int(tok(i - 1)));
            info[i - 1].marker = true;
            note_marker(i - 1);
          }
        }
        info[i].marker = true;
        note_marker(i);
        continue;
      }
      // What is left starts with S (S01, Season), T (Temporada) or C (Cap).
      if (!word_form) continue;
      // S01 / S 01 / Season 1 [+ episode]
      int season = -1;
      std::size_t next = i + 1;
      bool short_form = false;
      if (t.size() >= 2 && t.size() <= 5 && lower(t[0]) == 's' && all_digits(t.substr(1))) {
        season = to_int(t.substr(1));
        short_form = true;
      } else if (t.size() >= 7 && t.size() <= 8 && (istarts_with(t, "season") || istarts_with(t, "saison")) &&
                 all_digits(t.substr(6))) {
        season = to_int(t.substr(6));  // "Season4", "Saison3"
      } else if ((is(i, kw("s")) || season_word(i)) && i + 1 < n && digits(i + 1) &&
                 tok(i + 1).size() <= 4 && toks.gap_before(i + 1).size() <= 3 &&
                 (!is(i, kw("s")) || gap_is(toks.gap_before(i + 1), ' ')) &&
                 !(is(i, kw("series")) && !r.episodes.empty())) {
        // "Series 2" is a season only before an episode or after " - ": "Title - Series 1 (1970)"
        if (is(i, kw("series")) && !(i + 2 < n && episode_word(tok(i + 2)) >= 0) &&
            !(i > ts && spaced_dash(toks.gap_before(i)) && !info[i + 1].year))
          continue;
        season = to_int(tok(i + 1));
        next = i + 2;
        short_form = is(i, kw("s"));
      }
      if (season >= 0) {
        if (short_form && next < n) {
          std::string_view g = toks.gap_before(next);
          std::string_view nt = tok(next);
          // anime: "Show S2 - 07", "Show S21 999": the season belongs to the title
          bool number_follows = all_digits(nt) && !is_year(nt) && nt.size() <= 4 && !strong(next);
          // ("- S02 - E06 -" between dashes is season and episode; "S2 [05]" is anime numbering)
          bool word_follows = (episode_word(nt) >= 0 || iequals(nt, "episode")) && !spaced_dash(toks.gap_before(i));
          if ((spaced_dash(g) && (number_follows || word_follows)) ||
              ((gap_is(g, ' ') || (anime && g == " [")) && number_follows && nt.size() >= 2)) {
            if (number_follows && r.absolute_episodes.empty()) {
              r.absolute_episodes.push_back(to_int(nt));
              info[next].marker = true;
              note_marker(next);
            }
            continue;
          }
        }
        std::size_t j = season_then_episode(next, season);
        for (std::size_t k = i; k < next; ++k) info[k].marker = true;
        if (j != npos) {
          if (!r.season || r.season == season) r.season = season;
          note_marker(i);
          continue;
        }
        if (r.season && !r.episodes.empty()) continue;  // a later "Season" word after S01E02
        r.season = season;
        note_marker(i);
        // S01-S03, S01-03, S01 - S07: a pack of whole seasons, all of them listed
        if (next < n && (gap_is(toks.gap_before(next), '-') || spaced_dash(toks.gap_before(next)))) {
          std::string_view nt = tok(next);
          int last = -1;
          if (nt.size() >= 2 && lower(nt[0]) == 's' && all_digits(nt.substr(1))) last = to_int(nt.substr(1));
          else if (season_word(next) && next + 1 < n && digits(next + 1) && toks.gap_before(next + 1).size() == 1)
            last = to_int(tok(next + 1)), info[next + 1].marker = true;  // "Season 01 - Season 07"
          else if (all_digits(nt) && nt.size() <= 2 && gap_is(toks.gap_before(next), '-')) last = to_int(nt);
          if (last > season && last - season < 50) {
            for (int k = season; k <= last; ++k) r.seasons.push_back(k);
            info[next].marker = true;
            r.full_season = true;
            continue;
          }
        }
        // "S02.Part.1" is half a season
        r.full_season = !(is(next, kw("part")) && next + 1 < n && digits(next + 1));
        continue;
      }
      // Cap.101 / Cap.1901 (Spanish "capitulo": season then two-digit episode)
      if (is(i, kw("cap")) && i + 1 < n && digits(i + 1) && (tok(i + 1).size() == 3 || tok(i + 1).size() == 4)) {
        int v = to_int(tok(i + 1));
        r.season = v / 100;
        r.episodes.assign(1, v % 100);
        r.full_season = false;
        info[i].marker = info[i + 1].marker = true;
        continue;
      }
    }
  }

  // Daily shows: 2024.01.15, 15-01-2024, 04.28.2014, 20240115, 140722.
  bool valid_date(int y, int m, int d) { return y >= 1920 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31; }

  void set_air_date(int y, int m, int d, std::size_t at) {
    if (!r.air_date.empty()) return;
    char buf[11];
    buf[0] = char('0' + y / 1000), buf[1] = char('0' + y / 100 % 10), buf[2] = char('0' + y / 10 % 10),
    buf[3] = char('0' + y % 10), buf[4] = '-', buf[5] = char('0' + m / 10), buf[6] = char('0' + m % 10),
    buf[7] = '-', buf[8] = char('0' + d / 10), buf[9] = char('0' + d % 10), buf[10] = 0;
    put(r.air_date, std::string_view(buf, 10));
    note_marker(at);
  }

  void find_dates() {
    for (std::size_t i : numbers_from(ts)) {  // every form starts with a number
      if (info[i].marker) continue;
      std::string_view a = tok(i);
      if (i + 2 < n && info[i].digits && digits(i + 1) && digits(i + 2) &&
          toks.gap_before(i + 1).size() == 1 && toks.gap_before(i + 2).size() == 1 &&
          tok(i + 1).size() == 2) {
        std::string_view b = tok(i + 1), c = tok(i + 2);
        int x = to_int(a), y = to_int(b), z = to_int(c);
        if (a.size() == 4 && c.size() == 2) {
          if (valid_date(x, y, z)) { set_air_date(x, y, z, i); break; }
          if (valid_date(x, z, y)) { set_air_date(x, z, y, i); break; }
        } else if (a.size() == 2 && c.size() == 4) {
          if (valid_date(z, y, x)) { set_air_date(z, y, x, i); break; }
          if (valid_date(z, x, y)) { set_air_date(z, x, y, i); break; }
        }
      }
      if (a.size() == 8 && info[i].digits && i > ts) {
        int v = to_int(a);
        if (valid_date(v / 10000, v / 100 % 100, v % 100)) { set_air_date(v / 10000, v / 100 % 100, v % 100, i); break; }
      }
      if (a.size() == 8 && info[i].digits && i == ts && i + 1 < n) {
        int v = to_int(a);
        if (valid_date(v / 10000, v / 100 % 100, v % 100)) { set_air_date(v / 10000, v / 100 % 100, v % 100, i); break; }
      }
    }
  }

  // "Show.140722.720p": a six-digit yymmdd date, only when nothing else matched.
  void find_short_dates() {
    if (!r.air_date.empty() || marker_at != npos) return;
    for (std::size_t i : numbers_from(ts + 1)) {
      std::string_view a = tok(i);
      if (a.size() == 6 && toks[i].depth == 0) {
        int v = to_int(a);
        int y = 2000 + v / 10000, m = v / 100 % 100, d = v % 100;
        if (valid_date(y, m, d)) { set_air_date(y, m, d, i); break; }
      }
    }
  }

  std::size_t first_strong_after(std::size_t from) const {
    for (std::size_t i = from; i < n; ++i)
      if (strong(i) && !digits(i)) return i;
    return n;
  }
  // first_strong_after(ts), asked twice; the recognisers in between change no tech flags.
  std::size_t strong_from_ts = npos;
  std::size_t first_strong_after_ts() {
    if (strong_from_ts == npos) strong_from_ts = first_strong_after(ts);
    return strong_from_ts;
  }

  // Episode number with no season: "E1135", "Ep01", "Episode 56", "ep34".
  void find_episode_only() {
    if (r.season) return;
    for (std::size_t i = ts; i < n; ++i) {
      if (info[i].marker) continue;
      std::string_view t = tok(i);
      if (lower(t[0]) != 'e') continue;  // every form starts with E: E05, Ep01, Episode 56
      int e = episode_word(t);
      std::size_t next = i + 1;
      if (e < 0 && (is(i, kw("episode")) || is(i, kw("ep")) || is(i, kw("episodio"))) && i + 1 < n &&
          digits(i + 1) && tok(i + 1).size() <= 4) {
        e = to_int(tok(i + 1));
        info[i + 1].marker = true;
        next = i + 2;
      }
      if (e < 0) continue;
      info[i].marker = true;
      note_marker(i);
      if (!r.air_date.empty()) return;
      std::vector<int> eps;
      eps.swap(r.episodes);
      add_episode(r.episodes, e, false);
      episode_continuation(next, 1);
      r.absolute_episodes = r.episodes;
      r.season = 1;
      note_marker(i);
      return;
    }
  }

  // Anime absolute numbers: "Title - 12", "Title - 031 - Name", "[Grp] Title 07 [720p]", "{01}".
  bool absolute_ok_after(std::size_t i) const {
    if (i + 1 >= n) return true;
    std::string_view g = toks.gap_after(i);
    if (gap_has(g, '[') || gap_has(g, '(') || gap_has(g, '{') || gap_has(g, '}') || spaced_dash(g)) return true;
    if (is_tech(i + 1) || is_hex_hash(tok(i + 1)) || info[i + 1].marker) return true;
    return is(i + 1, kw("vostfr")) || is(i + 1, kw("blm")) || is(i + 1, kw("bölüm"));
  }

  int absolute_number(std::string_view t) {
    if (!is_digit(t[0])) return -1;  // most tokens: no call to read_num
    std::size_t k = 0;
    int v = read_num(t, k, 4);
    if (v < 0) return -1;
    if (k < t.size()) {
      if (k + 2 == t.size() && lower(t[k]) == 'v' && is_digit(t[k + 1]) && t[k + 1] != '0') {  // "v0" is no version
        r.version = t[k + 1] - '0';
      } else {
        return -1;
      }
    }
    if (t.size() == 4 && is_year(t)) return -1;
    return v;
  }

  // Records the absolute number at token i, extended backwards over a batch
  // range "01-12", "01~10", "01 - 119", "01-02-03" ending at i (spaced only
  // from a zero-padded start: "Title 21 - 101" keeps 21 in the title).
  void take_absolute(std::size_t i, int v) {
    std::size_t first = i;
    int lo = v;
    while (first > ts + 1) {
      std::size_t p = first - 1;
      std::string_view g = toks.gap_before(first);
      bool sep = gap_is(g, '-') || gap_is(g, '~') || g == " ~ " || g == "~ " || g == " ~" || (g == " - " && tok(p).size() >= 2 && tok(p)[0] == '0');
      if (!sep || info[p].marker || !digits(p) || tok(p).size() > 4 || is_year(tok(p))) break;
      int pv = to_int(tok(p));
      if (pv >= lo || lo - pv > 2000) break;
      first = p;
      lo = pv;
    }
    for (std::size_t k = first; k <= i; ++k) info[k].marker = true;
    if (first == i) {
      r.absolute_episodes.push_back(v);
    } else {
      for (std::size_t k = first; k <= i; ++k) add_episode(r.absolute_episodes, to_int(tok(k)), k > first);
    }
    note_marker(first);
  }

  void find_absolute() {
    std::size_t limit = first_strong_after_ts();
    for (std::size_t i = ts + 1; i < n && i < limit; ++i) {
      if (info[i].marker || toks[i].depth > 1) continue;
      std::string_view g = toks.gap_before(i);
      bool braces = toks[i].open == '{';
      if (!anime && !braces && g.size() < 2) continue;  // no spaced dash: the usual case
      // "[Grp] Title [01][720p]": a bracket holding only the number
      bool lone = anime && toks[i].open == '[' && !g.empty() && g.back() == '[' && toks.gap_after(i).starts_with("]");
      if (!(spaced_dash(g) || (anime && gap_has(g, '-')) || braces || lone)) continue;
      if (braces && toks[i].depth != 1) continue;
      int v = absolute_number(tok(i));
      if (v < 0 || !absolute_ok_after(i)) continue;
      // "Title - 01-17": a batch range
      take_absolute(i, v);
      return;
    }
    // Turkish "69. Bölüm" / "79.BLM"
    for (std::size_t i : r.absolute_episodes.empty() ? numbers_from(ts + 1) : std::span<const std::uint8_t>{}) {
      if (i + 1 >= n) break;
      if (tok(i).size() > 4) continue;
      if (is(i + 1, kw("blm")) || istarts_with(tok(i + 1), "b\xc3\xb6l\xc3\xbcm")) {
        info[i].marker = true;
        r.absolute_episodes.push_back(to_int(tok(i)));
        note_marker(i);
        break;
      }
    }
    if (marker_at != npos) return;
    // Bare numbers: in anime names the last number before the tech zone.
    std::size_t best = npos;
    for (std::size_t i = ts + 1; i < n && i < limit; ++i) {
      std::string_view t = tok(i);
      if (toks[i].depth > 0 || info[i].tech) continue;
      std::string_view g = toks.gap_before(i), ga = toks.gap_after(i);
      bool decimal = (gap_is(g, '.') && digits(i - 1)) || (gap_is(ga, '.') && i + 1 < n && digits(i + 1));
      if (decimal) continue;
      int v = absolute_number(t);
      if (v < 0) continue;
      bool turkish = i + 1 < n && (is(i + 1, kw("blm")) || istarts_with(tok(i + 1), "b\xc3\xb6l\xc3\xbcm"));
      if (anime) {
        if (t.size() <= 4) best = i;
      } else if (i > 0 && is(i - 1, kw("part"))) {
        continue;  // "Part 02": mini-series numbering (find_parts)
      } else if ((t.size() == 2 && absolute_ok_after(i) && i + 1 < n) || turkish ||
                 (t.size() == 3 && is(i + 1, kw("vostfr")))) {
        best = i;
        break;
      }
    }
    if (best != npos) take_absolute(best, absolute_number(tok(best)));
  }

  // "Title.103", "Title.525", "Title.10708": season + episode digits, no letters.
  void find_packed_numbers() {
    if (marker_at != npos || anime) return;
    std::size_t limit = first_strong_after_ts();
    for (std::size_t i : numbers_from(ts + 1)) {
      if (i > limit + 2) break;
      std::string_view t = tok(i);
      if (toks[i].depth > 0 || info[i].tech || info[i].year) continue;
      std::string_view g = toks.gap_before(i);
      if (g.empty() || (i > 0 && (is(i - 1, kw("h")) || is(i - 1, kw("x"))))) continue;
      int v = to_int(t);
      // "Show.2015.0308": a zero-led SSEE right after a year
      bool after_year = t.size() == 4 && t[0] == '0' && gap_is(g, '.') && info[i - 1].year;
      if (t.size() == 3 || (t.size() == 4 && t[0] != '0') || after_year) {
        int s = t.size() == 3 ? v / 100 : v / 100, e = v % 100;
        if (e == 0) continue;
        r.season = s;
        r.episodes.assign(1, e);
        info[i].marker = true;
        note_marker(i);
        // "103.104"
        for (std::size_t j = i + 1; j < n && digits(j) && tok(j).size() == t.size(); ++j) {
          int w = to_int(tok(j));
          if (w / 100 != s) break;
          add_episode(r.episodes, w % 100, false);
          info[j].marker = true;
        }
        return;
      }
      if (t.size() == 5 || t.size() == 6) {
        int sd = t.size() == 5 ? 1 : 2;
        int s = to_int(t.substr(0, sd)), e1 = to_int(t.substr(sd, 2)), e2 = to_int(t.substr(sd + 2, 2));
        if (e2 != e1 + 1 || e1 == 0) continue;
        r.season = s;
        r.episodes = {e1, e2};
        info[i].marker = true;
        note_marker(i);
        return;
      }
    }
  }

  // "Part01", "Part 1", "5of9": mini-series numbering.
  static int number_word(std::uint64_t k) {
    switch (k) {
      case kw("one"): return 1; case kw("two"): return 2; case kw("three"): return 3; case kw("four"): return 4;
      case kw("five"): return 5; case kw("six"): return 6; case kw("seven"): return 7; case kw("eight"): return 8;
      case kw("nine"): return 9; case kw("ten"): return 10;
      default: return -1;
    }
  }

  void find_parts() {
    if (marker_at != npos) return;
    for (std::size_t i = ts + 1; i < n; ++i) {
      std::string_view t = tok(i);
      const char c0 = lower(t[0]);
      if (c0 != 'p' && !is_digit(c0)) continue;  // "part..." or "<digits>of<digits>"
      int e = -1;
      if (istarts_with(t, "part") && t.size() > 4 && all_digits(t.substr(4))) e = to_int(t.substr(4));
      else if (is(i, kw("part")) && i + 1 < n && digits(i + 1) && tok(i + 1).size() <= 2) e = to_int(tok(i + 1));
      else if (is(i, kw("part")) && i + 1 < n) e = number_word(keys[i + 1]);  // "Part.Two"
      else {
        std::size_t o = t.find("of");
        if (o != std::string_view::npos && o > 0 && o + 2 < t.size() && all_digits(t.substr(0, o)) &&
            all_digits(t.substr(o + 2)))
          e = to_int(t.substr(0, o));
      }
      if (e <= 0) continue;
      r.season = 1;
      r.episodes.assign(1, e);
      info[i].marker = true;
      note_marker(i);
      return;
    }
  }

  // --- title / year ----------------------------------------------------

  void find_title_end() {
    if (marker_at != npos) {
      te = marker_at;
      title_end_byte = marker_byte;
      if (te > ts && (te - 1 < n && info[te - 1].year) && te - 1 > ts) r.year = to_int(tok(te - 1));
      return;
    }
    std::size_t stop = n;
    for (std::size_t i = ts + 1; i < n; ++i) {
      if (strong(i) || is_hex_hash(tok(i))) {
        stop = i;
        break;
      }
    }
    std::size_t year_at = npos;
    for (std::size_t i = ts + 1; i < stop; ++i)
      if ((i < n && info[i].year) && !info[i].marker) year_at = i;
    if (year_at != npos) {
      te = year_at;
      r.year = to_int(tok(year_at));
      // "Der.Film.deines.Lebens.German.2011": a dotted language word just before
      // the year, after a title of three words or more, is not part of the title
      if (te >= ts + 4 && info[te - 1].w.cat == Cat::lang && gap_is(toks.gap_before(te), '.') &&
          gap_is(toks.gap_before(te - 1), '.'))
        --te;
    } else {
      te = stop;
      while (te > ts + 1 && info[te - 1].tech) --te;
      for (std::size_t i = stop; i < n; ++i) {
        if ((i < n && info[i].year) && !info[i].marker && toks.gap_before(i) != "-") {
          r.year = to_int(tok(i));
          break;
        }
      }
    }
    title_end_byte = te < n ? toks[te].begin : name.size();
  }

  void build_title() {
    if (ts >= n || title_end_byte == npos || title_end_byte <= title_begin) return;
    std::string_view raw = name.substr(title_begin, title_end_byte - title_begin);
    // "Босх: Спадок / Series: Legacy": the last of several slash-separated titles
    // (a one-byte search first: nearly no title holds a slash)
    std::size_t slash = raw.find('/') == std::string_view::npos ? std::string_view::npos : raw.rfind(" / ");
    while (slash != std::string_view::npos && slash + 3 >= raw.size()) {
      raw = raw.substr(0, slash);
      slash = raw.rfind(" / ");
    }
    if (slash != std::string_view::npos) raw = raw.substr(slash + 3);
    static constexpr CharSet kTrimBack{" -_.,/|:~+([{"}, kTrimFront{" -_.,/|:~+)]}"};
    while (!raw.empty() && kTrimBack.has(raw.back())) raw.remove_suffix(1);
    while (!raw.empty() && kTrimFront.has(raw.front())) raw.remove_prefix(1);
    // Drop a leading non-Latin title when a Latin one follows ("我的人间烟火.Fireworks").
    {
      std::size_t k = 0;
      while (k < raw.size() && static_cast<unsigned char>(raw[k]) >= 0x80) ++k;
      if (k > 0 && k < raw.size() && (raw[k] == '.' || raw[k] == ' ')) {
        bool latin_rest = true;
        for (std::size_t q = k; q < raw.size(); ++q)
          if (static_cast<unsigned char>(raw[q]) >= 0x80) latin_rest = false;
        if (latin_rest) {
          raw.remove_prefix(k);
          while (!raw.empty() && (raw.front() == '.' || raw.front() == ' ')) raw.remove_prefix(1);
        }
      }
    }
    const bool has_space = raw.find(' ') != std::string_view::npos;
    std::string& out = r.title;
    out.resize(raw.size());  // closing brackets (rare) are appended below
    char* o = out.data();
    std::size_t len = 0;
    // Separators become one space; written branch-free (the pattern of
    // separators is different in every name, so branches mispredict).
    bool after_space = true;
    // dots separate words only in names without spaces
    const std::array<char, 256>& to_out = has_space ? kTitleByteSpaced : kTitleByteDotted;
    const char dot = has_space ? '_' : '.';  // '_' again: no second separator
    std::size_t k = 0;
    // Eight bytes a step while no two separators meet (nearly always).
    for (; k + 8 <= raw.size(); k += 8) {
      std::uint64_t x;
      std::memcpy(&x, raw.data() + k, 8);
      const std::uint64_t sep = ((bytes_equal(x, '_') | bytes_equal(x, dot)) >> 7) * 0xFF;
      x = (x & ~sep) | (0x2020202020202020ull & sep);
      const std::uint64_t space = bytes_equal(x, ' ');
      if ((space & (space << 8)) || (after_space && (space & 0x80))) break;  // a run to collapse
      std::memcpy(o + len, &x, 8);
      len += 8;
      after_space = (space >> 63) != 0;
    }
    for (char c : raw.substr(k)) {
      const char t = to_out[static_cast<unsigned char>(c)];
      const bool sep = t == ' ';
      o[len] = t;
      len += !(sep && after_space);
      after_space = sep;
    }
    while (len > 0 && o[len - 1] == ' ') --len;
    out.resize(len);
    // Close a bracket the title end cut off: "Some Show [Anime" -> "Some Show [Anime]".
    if (toks.first_bracket < std::size_t(raw.data() + raw.size() - name.data())) {
      int round = 0, square = 0;
      for (char c : out) {
        round += c == '(' ? 1 : c == ')' ? -1 : 0;
        square += c == '[' ? 1 : c == ']' ? -1 : 0;
      }
      if (round == 1 && out.back() != '(') out.push_back(')');
      if (square == 1 && out.back() != '[') out.push_back(']');
    }
  }

  // --- group -----------------------------------------------------------

  static bool junk_suffix(std::string_view s) {
    // Same list as before, split by length: short words by packed key.
    if (s.size() <= 8) {
      switch (key8(s)) {
        case kw("rp"): case kw("pre"): case kw("postbot"): case kw("xpost"): case kw("sample"):
        case kw("nzbgeek"): case kw("4p"): case kw("4planet"): case kw("gerov"): case kw("buymore"):
        case kw("whiterev"): case kw("sicccc"): case kw("notv"): case kw("newsbin"): case kw("nzbonly"):
        case kw("rakuv"): case kw("1"): case kw("z0ids3n"):
          return true;
        default:
          break;
      }
    } else {
      static constexpr std::string_view kLongJunk[] = {"altezachen", "chamele0n", "asrequested",
                                                       "obfuscated", "scrambled", "sickbeard",
                                                       "obfuscation", "repackpost", "alternativetorequested"};
      for (auto j : kLongJunk)
        if (iequals(s, j)) return true;
    }
    return istarts_with(s, "rakuv");
  }

  void clean_group(std::string_view g) {
    static constexpr CharSet kTrim{" -_.([{)]}"};
    while (!g.empty() && kTrim.has(g.back())) g.remove_suffix(1);
    while (!g.empty() && kTrim.has(g.front())) g.remove_prefix(1);
    // trailing language words: "SKGTV English", "SKGTV_English"
    while (true) {
      std::size_t sp = g.size();
      while (sp > 0 && g[sp - 1] != ' ' && g[sp - 1] != '_' && g[sp - 1] != '.') --sp;
      if (sp == 0) break;
      Word w = lookup_word(g.substr(sp));
      if (w.cat != Cat::lang) break;
      if (g[sp - 1] == '.' && g.size() - sp < 4) break;  // "YTS.LT" is a name, "SKGTV.English" is not
      g = g.substr(0, sp - 1);
    }
    while (true) {
      std::size_t d = g.rfind('-');
      if (d == std::string_view::npos || !junk_suffix(g.substr(d + 1))) break;
      g = g.substr(0, d);
    }
    if (junk_suffix(g)) g = {};
    put(r.group, g);
  }

  bool site_bracket(std::size_t from, std::size_t to) const {
    for (std::size_t k = from; k < to; ++k) {
      if (info[k].w.cat == Cat::site) return true;
      if (k > from && (is(k, kw("com")) || is(k, kw("org")) || is(k, kw("net"))) &&
          gap_is(toks.gap_before(k), '.'))
        return true;
    }
    return false;
  }

  void find_group() {
    if (!r.group.empty()) {
      group_from = n;
      return;
    }
    // Trailing bracket blocks: skip site tags, take a one-word non-tech block.
    std::size_t end = n;
    std::string_view s = name;
    while (end > lead_group_end && !s.empty()) {
      while (!s.empty() && (s.back() == ' ' || s.back() == '-' || s.back() == '.')) s.remove_suffix(1);
      if (s.empty() || s.back() != ']') break;
      std::size_t open = s.rfind('[');
      if (open == std::string_view::npos) break;
      std::size_t from = end;
      while (from > 0 && toks[from - 1].begin > open) --from;
      if (site_bracket(from, end)) {
        end = from;
        s = s.substr(0, open);
        continue;
      }
      std::string_view content = s.substr(open + 1, s.size() - open - 2);
      bool ok = from < end && content.find(' ') == std::string_view::npos && from > te;
      for (std::size_t k = from; k < end && ok; ++k) {
        // "[YTS.LT]": a dotted suffix may look like a language code
        if (k > from && info[k].w.cat == Cat::lang && gap_is(toks.gap_before(k), '.')) continue;
        if (info[k].tech || info[k].marker || is_hex_hash(tok(k)) || digits(k)) ok = false;
      }
      if (ok) {
        clean_group(content);
        group_from = from;
        return;
      }
      break;
    }
    // "-GROUP": the last dash after a tech token with nothing technical after it.
    std::size_t best = npos;
    for (std::size_t i = std::max(te == npos ? ts : te, ts + 1); i < end; ++i) {
      std::string_view g = toks.gap_before(i);
      if (!gap_has(g, '-') || info[i].tech || info[i].marker) continue;
      // an all-digit group only as the last word dashed onto a tag: "Atmos-126811"
      if (digits(i) && !(i + 1 == end && tok(i).size() >= 5 && gap_is(g, '-') && strong(i - 1))) continue;
      const Info& p = info[i - 1];
      if (!(p.tech || p.marker || digits(i - 1))) continue;
      if (p.marker && !gap_is(g, "-")) continue;
      bool tail_ok = true;
      for (std::size_t k = i + 1; k < end; ++k)  // a bracket after the group is a comment: "-VARYG (Multi-Subs)"
        if (strong(k) && info[k].w.cat != Cat::lang && !(toks[k].depth > toks[i].depth && toks[k].open == '('))
          tail_ok = false;
      if (!tail_ok) continue;
      bool spaced = contains(g, ' ');
      if (spaced) {
        // " - Name" only for a single word: otherwise it is an episode title
        bool single = true;
        for (std::size_t k = i + 1; k < end; ++k)
          if (contains(toks.gap_before(k), ' ')) single = false;
        if (!single) continue;
      }
      best = i;
    }
    std::size_t stop_byte = end < n ? toks[end].begin : name.size();
    if (best != npos) {
      group_from = best;
      {
        // "(-ZR-)", "[-ZR-]": a dash-wrapped tag keeps its dashes
        std::string_view gb = toks.gap_before(best), ga = toks.gap_after(best);
        if (gb.size() >= 2 && gb.back() == '-' && (gb[gb.size() - 2] == '(' || gb[gb.size() - 2] == '[') &&
            ga.size() >= 2 && ga[0] == '-' && (ga[1] == ')' || ga[1] == ']')) {
          put(r.group, name.substr(toks[best].begin - 1, tok(best).size() + 2));
          return;
        }
      }
      std::size_t last = best;
      while (last + 1 < end && toks[last + 1].depth == toks[best].depth) ++last;
      if (last + 1 < end) {
        // "-TheSickle[TAoE]": the bracketed tag is the group; "-VARYG (Blue Lock)": the comment is not
        std::size_t k = last + 1;
        if (gap_is(toks.gap_before(k), '[') && k + 1 == end) {
          group_from = k;
          clean_group(tok(k));
        } else {
          clean_group(name.substr(toks[best].begin, toks[last].end - toks[best].begin));
        }
        return;
      }
      clean_group(name.substr(toks[best].begin, stop_byte - toks[best].begin));
      return;
    }
    // "[DHD] [Blu-ray][MKV]...": a one-word block right after the title.
    for (std::size_t i = te == npos ? n : te; i < end; ++i) {
      if (toks[i].depth == 0) continue;
      std::string_view g = toks.gap_before(i);
      if (!gap_has(g, '[')) break;
      std::size_t close = name.find(']', toks[i].end);
      bool ok = close != std::string_view::npos && tok(i).size() >= 3 && !info[i].tech && !info[i].marker &&
                !digits(i) && !is_hex_hash(tok(i)) && info[i].w.cat != Cat::site;
      if (ok) {
        std::string_view content = name.substr(toks[i].begin, close - toks[i].begin);
        if (content.find(' ') != std::string_view::npos) ok = false;
        for (std::size_t k = i + 1; ok && k < n && toks[k].begin < close; ++k)
          if (info[k].tech || info[k].w.cat == Cat::site) ok = false;
        if (ok) {
          std::size_t b = toks[i].begin;
          if (b >= 2 && name[b - 1] == '-' && name[b - 2] == '[' && content.size() >= 2 && content.back() == '-') {
            put(r.group, name.substr(b - 1, close - b + 1));  // "[-ZR-]" keeps its dashes
            return;
          }
          clean_group(content);
          return;
        }
      }
      break;
    }
    // "...DTS-HD.MA.5.1.KRaLiMaRKo": a mixed-case word dotted onto the technical tail.
    if (end >= 2 && end == n && toks[end - 1].depth == 0 &&
        (gap_is(toks.gap_before(end - 1), '.') || gap_is(toks.gap_before(end - 1), ' ')) &&
        !info[end - 1].tech && end - 1 > te &&
        (strong(end - 2) || digits(end - 2)) && toks.gap_after(end - 1).empty()) {
      std::string_view t = tok(end - 1);
      bool up = false, lo = false;
      for (char c : t) up = up || (c >= 'A' && c <= 'Z'), lo = lo || (c >= 'a' && c <= 'z');
      // mixed case (" AVC LMain" too), or all-caps dotted after a strong tag: ".H.264.KCRT"
      bool dotted = gap_is(toks.gap_before(end - 1), '.');
      if ((up && lo && t.size() >= 3) ||
          (dotted && up && t.size() >= 3 && strong(end - 2) && info[end - 1].w.cat != Cat::lang)) {
        group_from = end - 1;
        clean_group(t);
        return;
      }
    }
    // "(... x265 Kappa)" or "x265.10bit.Tigole)": last word after technical tokens.
    std::string_view tail = name.substr(0, stop_byte);
    while (!tail.empty() && tail.back() == ' ') tail.remove_suffix(1);
    if (end >= 2 && !tail.empty() && (tail.back() == ')' || (tail.back() == ']' && toks[end - 1].depth == 1))) {
      std::size_t last = end - 1;
      std::string_view g = toks.gap_before(last);
      if (!info[last].tech && !digits(last) && (gap_is(g, ' ') || gap_is(g, '.')) &&
          (info[last - 1].tech || info[last - 1].marker || digits(last - 1)) && last > te) {
        group_from = last;
        clean_group(tok(last));
        return;
      }
    }
    // "Game.Title.2077.Expansion-GROUP": a dotted scene name ends in "-WORD"
    // after the title, with no technical token before the dash.
    if (end == n && n >= 3 && te != npos && te < n - 1 && gap_is(toks.gap_before(n - 1), '-') &&
        toks.gap_after(n - 1).empty() && !info[n - 1].tech && !info[n - 1].marker && !digits(n - 1) &&
        tok(n - 1).size() >= 2 && name.find(' ') == std::string_view::npos) {
      group_from = n - 1;
      clean_group(tok(n - 1));
      return;
    }
    known_group();
  }

  // Groups known not to follow the "-GROUP" convention (the names Sonarr and
  // Radarr list as exceptions): searched as whole words near the end of the
  // name, only when nothing else gave a group.
  void known_group() {
    static constexpr std::string_view kKnown[] = {
        "KRaLiMaRKo", "E.N.D",  "D-Z0N3",      "Koten_Gars", "BluDragon", "HQMUX", "VARYG", "YIFY",  "TMd",
        "Eml HDTeam", "LMain",  "BEN THE MEN", "TAoE",       "QxR",       "DarQ",  "126811"};
    static constexpr auto kKnownFirst = [] {  // lower-cased first letters, compared before the names
      std::array<char, std::size(kKnown)> a{};
      for (std::size_t j = 0; j < a.size(); ++j) a[j] = lower(kKnown[j][0]);
      return a;
    }();
    if (title_end_byte == npos) return;
    const std::size_t from = name.size() > 48 ? name.size() - 48 : 0;
    // candidates start at a token: only the last four tokens are looked at
    for (std::size_t i = n; i > 0 && i + 4 > n && toks[i - 1].begin >= from && toks[i - 1].begin >= title_end_byte;
         --i) {
      const std::size_t b = toks[i - 1].begin;
      static constexpr CharSet kFirst{"KkEeDdBbHhVvYyTtLlQq1"};  // first letters of kKnown
      if (!kFirst.has(name[b])) continue;
      const char c = lower(name[b]);
      for (std::size_t j = 0; j < std::size(kKnown); ++j) {
        const std::string_view k = kKnown[j];
        if (kKnownFirst[j] != c || b + k.size() > name.size() || !iequals(name.substr(b, k.size()), k)) continue;
        std::size_t e = b + k.size();
        if (e == name.size() || !(is_alpha(name[e]) || is_digit(name[e]))) {
          put(r.group, name.substr(b, k.size()));
          return;
        }
      }
    }
  }

  // --- tech fields -----------------------------------------------------

  void add_language(std::uint16_t code) {
    char c[2] = {char(code >> 8), char(code & 0xff)};
    std::string_view v(c, 2);
    for (auto& l : r.languages)
      if (l == v) return;
    if (r.languages.empty()) r.languages.reserve(4);  // one allocation for a language list
    r.languages.emplace_back(v);
  }

  void collect_tech() {
    QualitySignals q;
    q.ext_avi = ext_avi;
    q.ext_m2ts = ext_m2ts;
    if (ext_mkv) q.encode_marker = true;
    bool german = false, dl = false, ml = false, complete = false, bd_disk = false;
    std::size_t from = std::min(ts, lead_group_end);
    std::size_t upto = group_from == npos ? n : group_from;
    std::size_t zone = te == npos ? ts : te;
    int best_audio = -1;
    for (std::size_t i = std::max(from, lead_group_end); i < n; ++i) {
      const Info& in = info[i];
      std::string_view t = tok(i);
      bool in_title = i < zone;
      if (int v = version_token(t); v && !in_title) r.version = v;
      if (toks[i].depth > 0 && !in_title && is_hex_hash(t)) {
        std::string h(t);
        for (auto& c : h) c = char(c >= 'a' && c <= 'z' ? c - 32 : c);
        r.hash = h;
      }
      if (!in.tech || (in_title && in.weak)) continue;
      if (i >= upto && in.w.cat != Cat::lang) continue;
      if (in.res > 0 && !q.res) q.res = in.res;
      if (in.res < 0) q.hd_tv = true;
      if (in.glued_bluray) q.bluray = true;
      std::uint16_t v = in.w.val;
      switch (in.w.cat) {
        case Cat::res:
          if (!q.res) q.res = v;
          if (v == 720) q.encode_marker = true;
          break;
        case Cat::source:
          switch (Src(v)) {
            case Src::bluray: case Src::mbluray: case Src::bdlight: q.bluray = true; break;
            case Src::uhdbd: q.bluray = true; q.encode_marker = true; break;
            case Src::bd:
              // "...H.264-BD": a group named BD ends the name; not a source
              if (i + 1 == n && gap_has(toks.gap_before(i), '-')) break;
              q.bluray = true;
              bd_disk = true;
              break;
            case Src::bdrip: case Src::brrip: q.bdrip = true; q.encode_marker = true; break;
            case Src::remux: q.remux = true; break;
            case Src::bdremux: q.remux = true; q.bluray = true; break;
            case Src::webdl:
              q.webdl = true;
              if (toks[i].depth > 0) q.web_bracket = true;
              break;
            case Src::web:
              // a lone "Web" in an episode title ("The.Web.MT") is no source:
              // it needs brackets, capitals or a technical neighbour
              if (toks[i].depth == 0 && t != "WEB" &&
                  !(i > 0 && (info[i - 1].tech || digits(i - 1))) && !(i + 1 < n && (info[i + 1].tech || digits(i + 1))))
                break;
              q.webdl = true;
              if (toks[i].depth > 0) q.web_bracket = true;
              break;
            case Src::webrip: q.webrip = true; break;
            case Src::hdtv: case Src::tvrip:
              q.hdtv = true;
              // "[HDTV]" alone in brackets: HDTV-720p (Sonarr)
              if (toks[i].depth > 0 && toks.gap_before(i).ends_with('[') && toks.gap_after(i).starts_with(']'))
                q.hd_tv = true;
              break;
            case Src::pdtv: q.pdtv = true; break;
            case Src::sdtv: q.sdtv = true; break;
            case Src::dvd: q.dvd = true; q.encode_marker = true; break;
            case Src::dvdr: q.dvdr = true; break;
            case Src::cam: if (!in_title) q.cam = true; break;
            case Src::telesync: q.telesync = true; break;
            case Src::telecine: q.telecine = true; break;
            case Src::workprint: q.workprint = true; break;
            case Src::dvdscr: q.dvdscr = true; break;
            case Src::regional: q.regional = true; break;
            case Src::hddvd_hd: q.hddvd = true; break;
            case Src::rawhd: q.rawhd = true; break;
            case Src::hr: q.hr = true; break;
            case Src::webdl_sd: q.webdl = true; if (!q.res_hint) q.res_hint = 480; break;
            case Src::webdl_hd: case Src::webdl_uhd: q.webdl = true; break;  // no resolution: 480p (Sonarr)
            default: break;
          }
          break;
        case Cat::codec:
          q.any_codec = true;
          switch (Codec(v)) {
            case Codec::avc: case Codec::hevc: case Codec::vc1: case Codec::mpeg2: q.disk_codec = true; break;
            case Codec::xvid: case Codec::divx: q.xvid = true; q.encode_marker = true; break;
            default: q.encode_marker = true; break;
          }
          if (Codec(v) == Codec::mpeg2) q.mpeg2 = true;
          if (Codec(v) == Codec::hevc || Codec(v) == Codec::x265) q.hevc_1080 = true;  // checked with res below
          if (r.codec.empty()) put(r.codec, codec_name(Codec(v)));
          break;
        case Cat::audio:
          if (int(v) > best_audio) {
            best_audio = v;
            put(r.audio, audio_name(Audio(v)));
          }
          break;
        case Cat::hdr: {
          std::string h(hdr_name(Hdr(v)));
          if (std::find(r.hdr.begin(), r.hdr.end(), h) == r.hdr.end()) r.hdr.push_back(std::move(h));
          break;
        }
        case Cat::lang: {
          if (in_title) break;
          if (v == (('d' << 8) | 'e') && t.size() > 2) german = true;
          auto near = [&](std::size_t k) { return k < n && (info[k].tech || digits(k)); };
          bool ok = t.size() > 3 || near(i + 1) || (i > 0 && near(i - 1));
          if (!ok) {
            ok = true;
            for (char c : t)
              if (!(c >= 'A' && c <= 'Z')) ok = false;
          }
          if (ok) add_language(v);
          break;
        }
        case Cat::edition:
          if (r.edition.empty()) put(r.edition, edition_name(Edition(v)));
          break;
        case Cat::revision:
          if (Rev(v) == Rev::proper) r.proper = true;
          if (Rev(v) == Rev::repack || Rev(v) == Rev::rerip) r.proper = r.repack = true;
          break;
        case Cat::flag:
          switch (Flag(v)) {
            case Flag::multi: r.multi = true; break;
            case Flag::dual: r.multi = true; break;
            case Flag::dl: case Flag::ml:
              dl = true;
              if (Flag(v) == Flag::ml) r.multi = ml = true;
              break;
            case Flag::complete: complete = true; break;
            case Flag::iso: case Flag::bdmv: case Flag::untouched:
              q.disk_marker = true;
              if ((istarts_with(t, "bd") || istarts_with(t, "br")) && t.size() > 2) q.bluray = true;
              break;
            case Flag::disk3d: bd_disk = true; break;
            case Flag::fhd: if (!q.res_hint) q.res_hint = 1080; break;
            case Flag::k4: case Flag::uhd: if (!q.res_hint || q.res_hint < 2160) q.res_hint = 2160; break;
            default: break;
          }
          break;
        case Cat::container:
          if (iequals(t, "mkv")) q.encode_marker = true;
          break;
        default:
          break;
      }
    }
    if (q.hevc_1080) q.hevc_1080 = q.res == 1080;
    if (complete && q.bluray) q.disk_marker = true;
    if (bd_disk && q.disk_marker) q.bluray = true;
    q.german_dl = german && dl;
    // German "ML" (multi-language) releases carry English too (Radarr)
    if (ml && r.languages.size() == 1 && r.languages[0] == "de") add_language(('e' << 8) | 'n');
    q.episode = !r.episodes.empty() || !r.absolute_episodes.empty() || r.season.has_value();
    if (r.proper && r.version == 1) r.version = 2;
    // Chinese subtitle/dub markers written in Han characters.
    bool non_ascii = false;
    {
      const char* p = input.data();
      std::size_t len = input.size(), k = 0;
      std::uint64_t acc = 0;
      for (; k + 8 <= len; k += 8) {
        std::uint64_t v;
        std::memcpy(&v, p + k, 8);
        acc |= v;
      }
      if (k < len && len >= 8) {  // the last (overlapping) 8 bytes
        std::uint64_t v;
        std::memcpy(&v, p + len - 8, 8);
        acc |= v;
        k = len;
      }
      for (; k < len; ++k) acc |= static_cast<unsigned char>(p[k]);
      non_ascii = (acc & 0x8080808080808080ull) != 0;
    }
    if (non_ascii)
      for (std::string_view m : {"\xe5\xad\x97\xe5\xb9\x95", "\xe7\xb9\x81", "\xe7\xae\x80", "\xe5\x9b\xbd\xe8\xaf\xad"})
        if (input.find(m) != std::string_view::npos) add_language(('z' << 8) | 'h');
    // The file extension is the last resort (Sonarr's MediaFileExtensions).
    if (input.size() > name.size() + 1 && input[name.size()] == '.') {
      const std::string_view ext = input.substr(name.size() + 1);
      q.ext_hd = iequals(ext, "mkv") || iequals(ext, "ts");
      q.ext_sd = !q.ext_hd && !ext_m2ts && !iequals(ext, "webm") && !iequals(ext, "nfo") && !iequals(ext, "srt");
    }
    QualityResult qr = decide_quality(q);
    put(r.quality, qr.quality);
    put(r.source, qr.source);
    switch (qr.resolution) {
      case 0: break;
      case 480: put(r.resolution, "480p"); break;
      case 576: put(r.resolution, "576p"); break;
      case 720: put(r.resolution, "720p"); break;
      case 1080: put(r.resolution, "1080p"); break;
      case 2160: put(r.resolution, "2160p"); break;
      default: r.resolution = std::to_string(qr.resolution) + "p"; break;
    }
  }

  void decide_kind() {
    if (r.season || !r.episodes.empty() || !r.absolute_episodes.empty() || !r.air_date.empty())
      r.kind = ReleaseKind::tv;
    else if (r.year || r.quality != "Unknown")
      r.kind = ReleaseKind::movie;
  }

  void run() {
    strip_extension();
    tokenize(name, toks);
    n = toks.size;
    classify();
    leading_brackets();
    find_markers();
    find_dates();
    find_episode_only();
    find_short_dates();
    find_absolute();
    find_packed_numbers();
    find_parts();
    find_title_end();
    build_title();
    find_group();
    collect_tech();
    decide_kind();
  }
};

// Fansub names in CJK style, pre-cleaned the way Sonarr does before parsing:
// "【字幕组】★10月新番★[中文名/English Title][12END][720p]" becomes
// "[字幕组] English Title - 12 [720p]". Only names starting with a bracket get
// here; full-width brackets and digits become ASCII. Returns false when
// nothing changed.
bool starts_with_bytes(std::string_view s, std::size_t i, const char* b) {
  return i + 3 <= s.size() && s[i] == b[0] && s[i + 1] == b[1] && s[i + 2] == b[2];
}

// "12", "第05话", "13完", "01-24完", "12END", "88-91" -> the digits part; empty when not a number block.
std::string_view episode_block(std::string_view c) {
  std::size_t i = 0;
  if (starts_with_bytes(c, 0, "\xe7\xac\xac")) i = 3;  // 第
  std::size_t b = i;
  while (i < c.size() && is_digit(c[i])) ++i;
  if (i == b || i - b > 4) return {};
  if (i - b == 4 && (c[b] == '1' || c[b] == '2')) return {};  // a year
  if (i + 1 < c.size() && c[i] == '-' && is_digit(c[i + 1])) {
    std::size_t d = ++i;
    while (i < c.size() && is_digit(c[i])) ++i;
    if (i - d > 4) return {};
  }
  std::string_view num = c.substr(b, i - b);
  std::string_view rest = c.substr(i);
  if (rest.empty() || iequals(rest, "end") || rest == "\xe5\xae\x8c" || rest == "\xe8\xaf\x9d" ||
      rest == "\xe8\xa9\xb1" || rest == "\xe9\x9b\x86" || rest == "\xe5\x90\x88\xe9\x9b\x86")  // 完 话 話 集 合集
    return num;
  return {};
}

// The Latin-script title in a block: "中文/English", "中文_English", or all ASCII.
std::string_view latin_title(std::string_view c) {
  bool high = false;
  std::size_t last_high = 0, first_high = c.size();
  for (std::size_t i = 0; i < c.size(); ++i)
    if (static_cast<unsigned char>(c[i]) >= 0x80) high = true, last_high = i, first_high = std::min(first_high, i);
  std::string_view t = c;
  if (high) {
    std::size_t slash = c.rfind('/');
    std::size_t us = c.find('_', last_high);
    if (slash != std::string_view::npos && slash > last_high) t = c.substr(slash + 1);
    else if (us != std::string_view::npos) t = c.substr(us + 1);
    else if (first_high > 0 && (c[first_high - 1] == '_' || c[first_high - 1] == '/'))
      t = c.substr(0, first_high - 1);  // "English_中文"
    else return {};
    for (char ch : t)
      if (static_cast<unsigned char>(ch) >= 0x80) return {};
  }
  while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
  for (char ch : t)
    if (is_alpha(ch)) return t;
  return {};
}

bool cjk_rewrite(std::string_view name, std::string& out) {
  // Cheap exit for ASCII names that do not start "[Group][".
  std::uint64_t bits = 0;  // OR of all bytes, eight at a time
  std::size_t i = 0;
  for (; i + 8 <= name.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, name.data() + i, 8);
    bits |= w;
  }
  for (; i < name.size(); ++i) bits |= static_cast<unsigned char>(name[i]);
  if (!(bits & 0x8080808080808080ull)) {
    std::size_t c = name.find(']');
    if (c == std::string_view::npos || c + 1 >= name.size() || name[c + 1] != '[') return false;
  }
  // 1. normalise brackets, full-width digits and ★...★ decorations
  std::string s;
  s.reserve(name.size());
  bool changed = false;
  for (std::size_t i = 0; i < name.size();) {
    if (starts_with_bytes(name, i, "\xe3\x80\x90")) {  // 【
      s += '[', i += 3, changed = true;
    } else if (starts_with_bytes(name, i, "\xe3\x80\x91")) {  // 】
      s += ']', i += 3, changed = true;
    } else if (i + 2 < name.size() && name[i] == '\xef' && name[i + 1] == '\xbc' &&
               static_cast<unsigned char>(name[i + 2]) >= 0x90 && static_cast<unsigned char>(name[i + 2]) <= 0x99) {
      s += char('0' + (static_cast<unsigned char>(name[i + 2]) - 0x90)), i += 3, changed = true;  // ０-９
    } else if (starts_with_bytes(name, i, "\xe2\x98\x85")) {  // ★ ... ★ or up to the next bracket
      std::size_t j = i + 3;
      while (j < name.size() && name[j] != '[' && !starts_with_bytes(name, j, "\xe3\x80\x90") &&
             !starts_with_bytes(name, j, "\xe2\x98\x85"))
        ++j;
      if (starts_with_bytes(name, j, "\xe2\x98\x85")) j += 3;
      i = j, changed = true;
    } else {
      s += name[i++];
    }
  }
  // 2. "[Group][...][Title][01]...": leading adjacent blocks
  std::array<std::string_view, 12> blocks;
  std::size_t nb = 0, p = 0;
  while (nb < blocks.size()) {
    while (p < s.size() && s[p] == ' ') ++p;
    if (p >= s.size() || s[p] != '[') break;
    std::size_t close = s.find(']', p + 1);
    if (close == std::string::npos) break;
    blocks[nb++] = std::string_view(s).substr(p + 1, close - p - 1);
    p = close + 1;
  }
  std::size_t ep = 0;
  std::string_view num;
  for (std::size_t k = 1; k < nb && num.empty(); ++k)
    if (!(num = episode_block(blocks[k])).empty()) ep = k;
  std::string_view title;
  for (std::size_t k = 1; k < ep; ++k)
    if (auto t = latin_title(blocks[k]); !t.empty()) title = t;
  if (num.empty() || title.empty() || ep < 2) {
    if (changed) out = std::move(s);
    return changed;
  }
  std::string r;
  r.reserve(s.size() + 8);
  r += '[';
  r += blocks[0];
  r += "] ";
  r += title;
  r += " - ";
  r += num;
  r += ' ';
  const char* after = blocks[ep].data() + blocks[ep].size() + 1;
  r.append(after, s.data() + s.size() - after);
  out = std::move(r);
  return true;
}

}  // namespace

ParsedRelease parse_release(std::string_view name) {
  ParsedRelease out;
  Parser p(out);
  std::string clean;
  if (!name.empty() && (name[0] == '[' || starts_with_bytes(name, 0, "\xe3\x80\x90")) && cjk_rewrite(name, clean))
    name = clean;
  p.input = name;

  p.run();
  return out;
}

}  // namespace helmarr::media
