#include "media/vocabulary.h"

#include <algorithm>
#include <array>

#include "media/tokens.h"

namespace helmarr::media {
namespace {

// A vocabulary entry: the lower-case text and what it means.
struct Entry {
  std::string_view text;
  Word word;
};

constexpr std::uint16_t L(char a, char b) { return std::uint16_t((a << 8) | b); }
constexpr Entry S(std::string_view w, Src s, bool weak = false) { return {w, {Cat::source, std::uint16_t(s), weak}}; }
constexpr Entry C(std::string_view w, Codec c) { return {w, {Cat::codec, std::uint16_t(c), false}}; }
constexpr Entry A(std::string_view w, Audio a, bool weak = false) { return {w, {Cat::audio, std::uint16_t(a), weak}}; }
constexpr Entry H(std::string_view w, Hdr h, bool weak = false) { return {w, {Cat::hdr, std::uint16_t(h), weak}}; }
constexpr Entry G(std::string_view w, char a, char b, bool weak = true) { return {w, {Cat::lang, L(a, b), weak}}; }
constexpr Entry E(std::string_view w, Edition e, bool weak = false) {
  return {w, {Cat::edition, std::uint16_t(e), weak}};
}
constexpr Entry R(std::string_view w, Rev r) { return {w, {Cat::revision, std::uint16_t(r), false}}; }
constexpr Entry F(std::string_view w, Flag f, bool weak = false) { return {w, {Cat::flag, std::uint16_t(f), weak}}; }
constexpr Entry P(std::string_view w, int lines) { return {w, {Cat::res, std::uint16_t(lines), false}}; }
constexpr Entry K(std::string_view w) { return {w, {Cat::container, 0, false}}; }
constexpr Entry T(std::string_view w) { return {w, {Cat::site, 0, true}}; }

constexpr Entry kWords[] = {
    // resolutions
    P("480p", 480), P("480i", 480), P("576p", 576), P("576i", 576), P("720p", 720), P("720i", 720),
    P("1080p", 1080), P("1080i", 1080), P("2160p", 2160), P("540p", 480), P("540i", 480),
    P("360p", 480), P("960p", 720), P("1440p", 1080), P("4320p", 2160),
    // sources
    S("bluray", Src::bluray), S("bdrip", Src::bdrip), S("brrip", Src::brrip), S("bdmux", Src::bluray),
    S("bdlight", Src::bdlight), S("mbluray", Src::mbluray), S("uhdbd", Src::uhdbd), S("uhd2bd", Src::uhdbd),
    S("uhdbdrip", Src::uhdbd), S("bd", Src::bd, true), S("remux", Src::remux), S("bdremux", Src::bdremux),
    S("uhdremux", Src::bdremux), S("webdl", Src::webdl), S("webrip", Src::webrip), S("webmux", Src::webrip),
    S("web", Src::web, true), S("hdtv", Src::hdtv), S("pdtv", Src::pdtv), S("sdtv", Src::sdtv),
    S("dsr", Src::sdtv), S("dsrip", Src::sdtv), S("tvrip", Src::tvrip), S("hdtvrip", Src::hdtv),
    S("dvdrip", Src::dvd), S("dvd", Src::dvd), S("xvidvd", Src::dvd), S("ntsc", Src::dvd, true),
    S("dvdr", Src::dvdr), S("dvd5", Src::dvdr), S("dvd9", Src::dvdr), S("mdvdr", Src::dvdr),
    S("cam", Src::cam, true), S("camrip", Src::cam), S("hqcam", Src::cam), S("hdcam", Src::cam),
    S("telesync", Src::telesync), S("hdts", Src::telesync), S("tsrip", Src::telesync),
    S("telecine", Src::telecine), S("hdtc", Src::telecine), S("workprint", Src::workprint),
    S("dvdscr", Src::dvdscr), S("screener", Src::dvdscr), S("r5", Src::regional, true),
    S("dvdscreener", Src::dvdscr), S("regional", Src::regional), S("hdtsrip", Src::telesync),
    S("pdvd", Src::telesync),
    S("hr", Src::hr, true), S("amazonsd", Src::webdl_sd), S("amazonhd", Src::webdl_hd),
    S("ituneshd", Src::webdl_hd), S("netflixhd", Src::webdl_hd), S("netflixuhd", Src::webdl_uhd),
    S("disneyhd", Src::webdl_hd), S("hbomaxhd", Src::webdl_hd), S("hdrip", Src::hdrip),
    S("webhd", Src::webdl_hd), S("dlmux", Src::webdl), S("maxdomehd", Src::webdl_hd),
    S("hddvd", Src::hddvd_hd), F("bdiso", Flag::iso), F("brdisk", Flag::iso), F("disc", Flag::iso, true),
    F("disk", Flag::iso, true),
    // codecs
    C("x264", Codec::x264), C("h264", Codec::x264), C("avc", Codec::avc), C("x265", Codec::x265),
    C("h265", Codec::x265), C("hevc", Codec::hevc), C("x266", Codec::x266), C("h266", Codec::x266),
    C("xvid", Codec::xvid), C("divx", Codec::divx), C("av1", Codec::av1), C("vc1", Codec::vc1),
    C("mpeg2", Codec::mpeg2), C("vp9", Codec::vp9), C("mvc", Codec::avc),
    // audio
    A("aac", Audio::aac), A("aac2", Audio::aac), A("aac5", Audio::aac), A("ac3", Audio::ac3),
    A("ac3d", Audio::ac3), A("dd", Audio::ac3, true), A("dd5", Audio::ac3), A("dd2", Audio::ac3),
    A("dd51", Audio::ac3), A("ddp", Audio::eac3), A("ddp5", Audio::eac3), A("ddp2", Audio::eac3),
    A("ddp51", Audio::eac3), A("eac3", Audio::eac3), A("dts", Audio::dts), A("dtshd", Audio::dts_hd),
    A("truehd", Audio::truehd), A("atmos", Audio::atmos), A("flac", Audio::flac),
    A("2xflac", Audio::flac), A("opus", Audio::opus), A("mp3", Audio::mp3), A("mp2", Audio::mp3),
    A("lpcm", Audio::flac), A("pcm", Audio::flac), A("6ch", Audio::aac, true),
    A("2audio", Audio::aac, true),
    // hdr
    H("hdr", Hdr::hdr), H("hdr10", Hdr::hdr10), H("hdr10p", Hdr::hdr10plus), H("dv", Hdr::dv, true),
    H("dovi", Hdr::dv), H("hlg", Hdr::hlg), H("sdr", Hdr::hdr, true),
    // languages (ISO 639-1); two-letter ones only count in the tech zone
    G("english", 'e', 'n'), G("eng", 'e', 'n'), G("en", 'e', 'n'), G("ing", 'e', 'n'),
    G("french", 'f', 'r'), G("truefrench", 'f', 'r'), G("fr", 'f', 'r'), G("fra", 'f', 'r'),
    G("fre", 'f', 'r'), G("vf", 'f', 'r'), G("vff", 'f', 'r'), G("vf2", 'f', 'r'), G("vfi", 'f', 'r'),
    G("vfq", 'f', 'r'), G("german", 'd', 'e'), G("ger", 'd', 'e'), G("deu", 'd', 'e'), G("de", 'd', 'e'),
    G("swissgerman", 'd', 'e'), G("italian", 'i', 't'), G("ita", 'i', 't'), G("it", 'i', 't'),
    G("spanish", 'e', 's'), G("spa", 'e', 's'), G("esp", 'e', 's'), G("es", 'e', 's'),
    G("castellano", 'e', 's'), G("espa\xc3\xb1ol", 'e', 's'), G("catal\xc3\xa1n", 'c', 'a'), G("portuguese", 'p', 't'), G("por", 'p', 't'), G("pt", 'p', 't'),
    G("dutch", 'n', 'l'), G("nl", 'n', 'l'), G("dut", 'n', 'l'), G("japanese", 'j', 'a'),
    G("jap", 'j', 'a'), G("jpn", 'j', 'a'), G("ja", 'j', 'a'), G("jp", 'j', 'a'), G("korean", 'k', 'o'),
    G("kor", 'k', 'o'), G("chinese", 'z', 'h'), G("cantonese", 'z', 'h'), G("mandarin", 'z', 'h'),
    G("chs", 'z', 'h'), G("cht", 'z', 'h'), G("big5", 'z', 'h'), G("chi", 'z', 'h'),
    G("russian", 'r', 'u'), G("rus", 'r', 'u'), G("ru", 'r', 'u'), G("polish", 'p', 'l'),
    G("pl", 'p', 'l'), G("pol", 'p', 'l'), G("pldub", 'p', 'l'), G("dubpl", 'p', 'l'),
    G("lekpl", 'p', 'l'), G("pllek", 'p', 'l'), G("danish", 'd', 'a'), G("dan", 'd', 'a'),
    G("swedish", 's', 'v'), G("swe", 's', 'v'), G("norwegian", 'n', 'o'), G("nor", 'n', 'o'),
    G("finnish", 'f', 'i'), G("fin", 'f', 'i'), G("icelandic", 'i', 's'), G("greek", 'e', 'l'),
    G("hebrew", 'h', 'e'), G("heb", 'h', 'e'), G("hebdub", 'h', 'e'), G("czech", 'c', 's'),
    G("cz", 'c', 's'), G("cze", 'c', 's'), G("hindi", 'h', 'i'), G("hin", 'h', 'i'),
    G("bulgarian", 'b', 'g'), G("bgaudio", 'b', 'g'), G("bg", 'b', 'g'), G("ukrainian", 'u', 'k'),
    G("ukr", 'u', 'k'), G("2xukr", 'u', 'k'), G("thai", 't', 'h'), G("catalan", 'c', 'a'),
    G("catala", 'c', 'a'), G("cat", 'c', 'a'), G("vietnamese", 'v', 'i'), G("turkish", 't', 'r'),
    G("hungarian", 'h', 'u'), G("hun", 'h', 'u'), G("hu", 'h', 'u'), G("romanian", 'r', 'o'),
    G("slovak", 's', 'k'), G("sk", 's', 'k'), G("latvian", 'l', 'v'), G("lv", 'l', 'v'),
    G("lat", 'l', 'v'), G("lithuanian", 'l', 't'), G("arabic", 'a', 'r'), G("persian", 'f', 'a'),
    G("estonian", 'e', 't'), G("serbian", 's', 'r'), G("croatian", 'h', 'r'),
    G("slovenian", 's', 'l'), G("indonesian", 'i', 'd'), G("malay", 'm', 's'), G("tamil", 't', 'a'),
    G("telugu", 't', 'e'), G("flemish", 'n', 'l'), G("brazilian", 'p', 't'),
    // more languages: names, ISO 639-2 and scene codes, "<code>dub(bed)" compounds
    G("lt", 'l', 't'), G("georgian", 'k', 'a'), G("geo", 'k', 'a'),
    G("kat", 'k', 'a'), G("ka", 'k', 'a'), G("romansh", 'r', 'm'), G("romansch", 'r', 'm'),
    G("rumantsch", 'r', 'm'), G("malayalam", 'm', 'l'), G("kannada", 'k', 'n'),
    G("marathi", 'm', 'r'), G("bengali", 'b', 'n'), G("punjabi", 'p', 'a'), G("gujarati", 'g', 'u'),
    G("urdu", 'u', 'r'), G("mongolian", 'm', 'n'), G("khalkha", 'm', 'n'),
    G("azerbaijani", 'a', 'z'), G("azerbaijan", 'a', 'z'), G("uzbek", 'u', 'z'),
    G("uzbekistan", 'u', 'z'), G("albanian", 's', 'q'), G("macedonian", 'm', 'k'),
    G("bosnian", 'b', 's'), G("afrikaans", 'a', 'f'), G("tagalog", 't', 'l'), G("filipino", 't', 'l'),
    G("kurdish", 'k', 'u'), G("armenian", 'h', 'y'), G("kazakh", 'k', 'k'), G("belarusian", 'b', 'e'),
    G("nepali", 'n', 'e'), G("slovene", 's', 'l'), G("farsi", 'f', 'a'), G("latino", 'e', 's'),
    G("dublado", 'p', 't'), G("videomann", 'd', 'e'), G("catal\xc3\xa0", 'c', 'a'),
    G("vie", 'v', 'i'), G("lav", 'l', 'v'), G("est", 'e', 't'), G("slk", 's', 'k'), G("slv", 's', 'l'),
    G("hrv", 'h', 'r'), G("cro", 'h', 'r'), G("srp", 's', 'r'), G("srb", 's', 'r'), G("tur", 't', 'r'),
    G("tr", 't', 'r'), G("rum", 'r', 'o'), G("gre", 'e', 'l'),
    G("gr", 'e', 'l'), G("th", 't', 'h'), G("tha", 't', 'h'), G("chn", 'z', 'h'), G("ara", 'a', 'r'),
    G("tam", 't', 'a'), G("tel", 't', 'e'), G("bul", 'b', 'g'), G("nld", 'n', 'l'), G("fas", 'f', 'a'),
    G("3xukr", 'u', 'k'), G("4xukr", 'u', 'k'), G("2ukr", 'u', 'k'), G("3ukr", 'u', 'k'),
    G("2xrus", 'r', 'u'), G("3xrus", 'r', 'u'), G("hundub", 'h', 'u'), G("hundubbed", 'h', 'u'),
    G("hebdubbed", 'h', 'e'), G("rodub", 'r', 'o'), G("rodubbed", 'r', 'o'), G("gerdub", 'd', 'e'),
    G("gerdubbed", 'd', 'e'), G("itadub", 'i', 't'), G("itadubbed", 'i', 't'), G("rusdub", 'r', 'u'),
    G("rusdubbed", 'r', 'u'), G("ukrdub", 'u', 'k'), G("ukrdubbed", 'u', 'k'), G("engdub", 'e', 'n'),
    G("nlsub", 'n', 'l'), G("nlsubs", 'n', 'l'),
    G("catal\xc3\x80", 'c', 'a'), G("catal\xc3\x81n", 'c', 'a'), G("espa\xc3\x91ol", 'e', 's'),
    // editions
    E("extended", Edition::extended), E("directors", Edition::directors, true),
    E("dc", Edition::directors, true), E("unrated", Edition::unrated), E("theatrical", Edition::theatrical),
    E("imax", Edition::imax), E("remastered", Edition::remastered), E("uncut", Edition::uncut),
    E("special", Edition::special, true), E("criterion", Edition::criterion),
    E("collectors", Edition::collectors, true), E("ultimate", Edition::ultimate, true),
    // revisions
    R("proper", Rev::proper), R("repack", Rev::repack), R("real", Rev::real), R("rerip", Rev::rerip),
    // flags
    F("multi", Flag::multi), F("multisub", Flag::subs), F("multisubs", Flag::subs),
    F("internal", Flag::internal), F("limited", Flag::limited), F("ws", Flag::ws, true),
    F("dl", Flag::dl, true), F("ml", Flag::ml, true), F("complete", Flag::complete, true),
    F("completa", Flag::complete, true), F("dual", Flag::dual, true), F("subs", Flag::subs, true),
    F("sub", Flag::subs, true), F("subbed", Flag::subs), F("esub", Flag::subs), F("softsubs", Flag::subs),
    F("hardsub", Flag::subs), F("10bit", Flag::bit10), F("10bits", Flag::bit10), F("8bit", Flag::bit10),
    F("hi10p", Flag::bit10), F("hi10", Flag::bit10), F("3d", Flag::disk3d, true), F("iso", Flag::iso),
    F("bdmv", Flag::bdmv), F("untouched", Flag::untouched), F("hd", Flag::hd, true),
    F("sd", Flag::sd, true), F("fhd", Flag::fhd), F("uhd", Flag::uhd, true), F("4k", Flag::k4),
    F("batch", Flag::batch, true), F("pal", Flag::pal, true), F("dubbed", Flag::dubbed),
    F("vostfr", Flag::vostfr), F("extras", Flag::extras, true), F("nfo", Flag::nfo),
    F("xxx", Flag::xxx),  // adult scene tag after the title ("Site.22.03.04.Name.XXX.1080p")
    F("synced", Flag::dubbed), F("hybrid", Flag::untouched, true), F("10b", Flag::bit10),
    F("amzn", Flag::hd, true), F("nf", Flag::hd, true), F("dsnp", Flag::hd, true),
    F("atvp", Flag::hd, true), F("hmax", Flag::hd, true), F("muhd", Flag::uhd, true),
    // containers / extensions
    K("mkv"), K("mp4"), K("avi"), K("m4v"), K("m2ts"), K("wmv"), K("ipod"),
    // sites and indexer tags
    T("eztv"), T("ettv"), T("rarbg"), T("rartv"), T("publichd"), T("tgx"), T("eztvx"), T("www"),
};

}  // namespace

namespace detail {

// Words of up to 8 bytes (nearly all) sit in an open-addressing table keyed by
// their packed key, so a token costs one multiply and usually one compare.
constexpr std::array<KeyedWord, kShortSlots> kShortTable = [] {
  std::array<KeyedWord, kShortSlots> t{};
  std::size_t used = 0;
  for (const Entry& w : kWords) {
    if (w.text.size() > 8) continue;
    std::size_t s = short_slot(key8(w.text));
    while (t[s].key != 0) s = (s + 1) % kShortSlots;
    t[s] = KeyedWord{key8(w.text), w.word};
    ++used;
  }
  if (used * 2 > kShortSlots) throw "vocabulary: grow kShortSlots";
  return t;
}();

}  // namespace detail

namespace {

// Longer words (9..16 bytes) by the packed keys of their first and last 8
// bytes, which overlap and so pin down the whole word.
struct LongWord {
  std::uint64_t head = 0, tail = 0;
  Word word{};
};

constexpr std::size_t kLongSlots = 128;

constexpr std::size_t long_slot(std::uint64_t head, std::uint64_t tail) {
  return std::size_t(((head ^ (tail * 0x9E3779B97F4A7C15ull)) * 0xC2B2AE3D27D4EB4Full) >> 57);
}

constexpr auto kLongTable = [] {
  std::array<LongWord, kLongSlots> t{};
  std::size_t used = 0;
  for (const Entry& w : kWords) {
    const std::size_t n = w.text.size();
    if (n <= 8) continue;
    if (n > 16) throw "vocabulary: words are at most 16 bytes";
    const std::uint64_t head = key8(w.text.substr(0, 8)), tail = key8(w.text.substr(n - 8));
    std::size_t s = long_slot(head, tail);
    while (t[s].head != 0) s = (s + 1) % kLongSlots;
    t[s] = LongWord{head, tail, w.word};
    ++used;
  }
  if (used * 2 > kLongSlots) throw "vocabulary: grow kLongSlots";
  return t;
}();

}  // namespace

Word lookup_word(std::string_view token) {
  const std::size_t n = token.size();
  if (n == 0 || n > 16) return {};
  if (n <= 8) return lookup_short_key(key8(token));
  const std::uint64_t head = key8(token.substr(0, 8)), tail = key8(token.substr(n - 8));
  for (std::size_t s = long_slot(head, tail);; s = (s + 1) % kLongSlots) {
    const LongWord& e = kLongTable[s];
    if (e.head == 0) return {};
    if (e.head == head && e.tail == tail) return e.word;
  }
}

std::string_view codec_name(Codec c) {
  switch (c) {
    case Codec::x264: case Codec::avc: return "x264";
    case Codec::x265: case Codec::hevc: return "x265";
    case Codec::x266: return "x266";
    case Codec::xvid: return "xvid";
    case Codec::divx: return "divx";
    case Codec::av1: return "av1";
    case Codec::vc1: return "vc1";
    case Codec::mpeg2: return "mpeg2";
    case Codec::vp9: return "vp9";
  }
  return {};
}

std::string_view audio_name(Audio a) {
  switch (a) {
    case Audio::mp3: return "mp3";
    case Audio::aac: return "aac";
    case Audio::opus: return "opus";
    case Audio::flac: return "flac";
    case Audio::ac3: return "ac3";
    case Audio::eac3: return "eac3";
    case Audio::dts: return "dts";
    case Audio::dts_hd: return "dts-hd";
    case Audio::truehd: return "truehd";
    case Audio::atmos: return "atmos";
  }
  return {};
}

std::string_view hdr_name(Hdr h) {
  switch (h) {
    case Hdr::hdr10: case Hdr::hdr: return "hdr10";
    case Hdr::hdr10plus: return "hdr10+";
    case Hdr::dv: return "dv";
    case Hdr::hlg: return "hlg";
  }
  return {};
}

std::string_view edition_name(Edition e) {
  switch (e) {
    case Edition::extended: return "Extended";
    case Edition::directors: return "Director's Cut";
    case Edition::unrated: return "Unrated";
    case Edition::theatrical: return "Theatrical";
    case Edition::imax: return "IMAX";
    case Edition::remastered: return "Remastered";
    case Edition::uncut: return "Uncut";
    case Edition::special: return "Special Edition";
    case Edition::criterion: return "Criterion";
    case Edition::collectors: return "Collector's Edition";
    case Edition::ultimate: return "Ultimate Edition";
    case Edition::final_cut: return "Final Cut";
  }
  return {};
}

}  // namespace helmarr::media
