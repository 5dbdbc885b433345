#include "app/corpus_generator.h"

#include <cctype>
#include <charconv>
#include <string_view>
#include <unordered_set>

#include "app/corpus_words.h"
#include "core/clock.h"

namespace helmarr::app {

namespace cw = corpus_words;
using media::ContentType;
using sv = std::string_view;

namespace {

// ---------------------------------------------------------------- dates

using Civil = CivilDate;  // core/clock.h

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kSpan = 5 * 365 * kDay + kDay;  // ~5 years
constexpr int kEndYear = 2025;

// ---------------------------------------------------------------- text

void append_int(std::string& out, std::int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

void append_padded(std::string& out, std::int64_t v, int width) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  for (auto n = end - buf; n < width; ++n) out += '0';
  out.append(buf, end);
}

void append_hex(std::string& out, std::uint64_t v, int digits, bool upper = false) {
  const char* d = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  for (int i = digits - 1; i >= 0; --i) out += d[(v >> (4 * i)) & 15];
}

// The few accented letters the vocabulary uses, as scene names write them.
bool fold_accent(sv s, std::size_t& i, std::string& out) {
  static constexpr struct {
    sv utf8;
    char ascii;
  } kFolds[] = {{"é", 'e'}, {"è", 'e'}, {"ê", 'e'}, {"ë", 'e'}, {"á", 'a'}, {"à", 'a'}, {"â", 'a'},
                {"ä", 'a'}, {"å", 'a'}, {"í", 'i'}, {"ï", 'i'}, {"ó", 'o'}, {"ö", 'o'}, {"ô", 'o'},
                {"ú", 'u'}, {"ü", 'u'}, {"ñ", 'n'}, {"ç", 'c'}, {"É", 'E'}, {"Ü", 'U'}};
  for (const auto& f : kFolds) {
    if (s.substr(i, f.utf8.size()) == f.utf8) {
      out += f.ascii;
      i += f.utf8.size();
      return true;
    }
  }
  return false;
}

// A title as scene names write it: words joined by sep, apostrophes and
// colons dropped, '&' as "and", accents folded to ASCII.
void append_joined(std::string& out, sv title, char sep) {
  for (std::size_t i = 0; i < title.size();) {
    const char c = title[i];
    if (c == ' ') {
      if (!out.empty() && out.back() != sep) out += sep;
      ++i;
    } else if (c == '\'' || c == ':' || c == ',') {
      ++i;
    } else if (c == '&') {
      out += "and";
      ++i;
    } else if (static_cast<unsigned char>(c) >= 0x80 && fold_accent(title, i, out)) {
    } else {
      out += c;
      ++i;
    }
  }
}

void append_json_string(std::string& out, sv s) {
  out += '"';
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += "\\u00";
      append_hex(out, static_cast<unsigned char>(c), 2);
    } else {
      out += c;
    }
  }
  out += '"';
}

// FNV-1a: a fixed hash (std::hash is not the same everywhere).
std::uint64_t fnv1a(sv s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : s) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return h;
}

std::uint64_t mb(CorpusRng& rng, std::uint64_t lo, std::uint64_t hi) {
  return static_cast<std::uint64_t>(rng.between(static_cast<std::int64_t>(lo), static_cast<std::int64_t>(hi))) *
             1048576 +
         rng.below(1048576);
}

// ---------------------------------------------------------------- the world

enum class ShowStyle : std::uint8_t { regular, anime, daily };

struct Show {
  std::string title;
  int year;
  int seasons;
  int episodes;  // per season; for anime, the episodes so far
  ShowStyle style;
  bool year_in_name;
  sv country;  // "US", "UK" or empty
};

struct Work {  // a movie or a game
  std::string title;
  int year;
};

struct Person {  // an artist, an author, a performer
  std::string name;
  int first_year;  // the first album or book
  int works;       // albums or books
};

}  // namespace

struct CorpusGenerator::World {
  std::vector<std::string> names;  // invented proper names
  std::vector<Show> shows;
  std::vector<Work> movies;
  std::vector<Work> games;
  std::vector<Person> artists;
  std::vector<Person> authors;
  std::vector<std::string> products;
  std::vector<std::string> sites;
  std::vector<std::string> performers;
  ZipfTable show_pop{1, 1}, movie_pop{1, 1}, game_pop{1, 1}, artist_pop{1, 1}, author_pop{1, 1},
      product_pop{1, 1}, site_pop{1, 1};

  explicit World(std::uint64_t seed);
  std::string invent_name(CorpusRng& rng) const;
  std::string title(CorpusRng& rng, bool movie) const;
  std::string person(CorpusRng& rng) const;
};

std::string CorpusGenerator::World::invent_name(CorpusRng& rng) const {
  for (;;) {
    std::string s;
    const int syllables = 2 + static_cast<int>(rng.below(3) / 2);  // 2 or 3, mostly 2
    for (int i = 0; i < syllables; ++i) {
      sv onset = rng.pick(cw::onsets());
      if (i > 0) {  // lower-case inside the word
        s += static_cast<char>(onset[0] | 0x20);
        s += onset.substr(1);
      } else {
        s += onset;
      }
      s += rng.pick(cw::vowels());
      if (i == syllables - 1 || rng.percent(30)) s += rng.pick(cw::codas());
    }
    if (s.size() >= 5 && s.size() <= 12) return s;
  }
}

std::string CorpusGenerator::World::person(CorpusRng& rng) const {
  std::string s(rng.pick(cw::first_names()));
  s += ' ';
  s += rng.percent(70) ? std::string(rng.pick(cw::surnames())) : rng.pick(std::span<const std::string>(names));
  return s;
}

// Titles from templates over the vocabulary: common words ("The", "Last",
// "Night") recur across many titles, invented names make most rare.
std::string CorpusGenerator::World::title(CorpusRng& rng, bool movie) const {
  auto noun = [&] { return std::string(rng.pick(cw::nouns())); };
  auto adj = [&] { return std::string(rng.pick(cw::adjectives())); };
  auto name = [&] { return rng.pick(std::span<const std::string>(names)); };
  auto small = [&] { return std::string(rng.pick(cw::small_words())); };
  switch (rng.below(movie ? 18 : 16)) {
    case 0: return "The " + noun();
    case 1: case 2: return "The " + adj() + " " + noun();
    case 3: case 4: return adj() + " " + noun();
    case 5: return noun() + " of " + (rng.percent(50) ? "the " : "") + noun();
    case 6: return "The " + noun() + " of " + name();
    case 7: return name();
    case 8: return name() + " " + noun();
    case 9: return std::string(rng.pick(cw::first_names())) + " " + std::string(rng.pick(cw::surnames()));
    case 10: return std::string(rng.pick(cw::gerunds())) + " " + name();
    case 11: return std::string(rng.pick(cw::gerunds())) + " the " + noun();
    case 12: return name() + "'s " + noun();
    case 13: return noun() + " & " + noun();
    case 14: return "The " + adj() + " " + noun() + " " + small() + " " + name();
    case 15: return std::string(rng.pick(cw::accented())) + " " + noun();
    case 16: return adj() + " " + noun() + ": " + adj() + " " + noun();
    default: return "A " + noun() + " " + small() + " " + noun();
  }
}

CorpusGenerator::World::World(std::uint64_t seed) {
  CorpusRng rng(mix64(seed ^ 0x776f726c64ULL));  // the world's own stream
  std::unordered_set<std::string> seen;
  while (names.size() < 12000) {
    auto n = invent_name(rng);
    if (seen.insert(n).second) names.push_back(std::move(n));
  }
  seen.clear();
  auto unique_title = [&](bool movie) {
    for (;;) {
      auto t = title(rng, movie);
      if (seen.insert(t).second) return t;
    }
  };
  shows.reserve(6000);
  for (int i = 0; i < 6000; ++i) {
    Show s;
    s.title = unique_title(false);
    const auto r = rng.below(100);
    s.style = r < 8 ? ShowStyle::anime : r < 11 ? ShowStyle::daily : ShowStyle::regular;
    s.year = static_cast<int>(rng.between(1985, 2024));
    s.seasons = std::min<int>(kEndYear - s.year + 1, 1 + static_cast<int>(rng.long_tail(0, 3) - 1 + rng.below(3)));
    s.episodes = s.style == ShowStyle::anime ? static_cast<int>(rng.between(12, 26) * s.seasons)
                                            : static_cast<int>(rng.pick({6, 8, 10, 10, 12, 13, 13, 22, 22, 24}));
    s.year_in_name = s.style == ShowStyle::regular && rng.percent(12);
    s.country = s.style == ShowStyle::regular && !s.year_in_name && rng.percent(3) ? (rng.percent(50) ? "US" : "UK") : "";
    shows.push_back(std::move(s));
  }
  auto years = [&] {  // recent years far more often, as in real libraries
    const int back = static_cast<int>(rng.long_tail(0, 5));  // 1..63
    return std::max(1930, kEndYear - static_cast<int>(rng.below(static_cast<std::uint64_t>(back) + 1)) -
                              (rng.percent(20) ? static_cast<int>(rng.below(40)) : 0));
  };
  for (int i = 0; i < 80000; ++i) movies.push_back({unique_title(true), years()});
  for (int i = 0; i < 5000; ++i) games.push_back({unique_title(false), std::max(1995, years())});
  auto people = [&](std::vector<Person>& out, int n, int max_works, bool bands) {
    for (int i = 0; i < n; ++i) {
      std::string who;
      switch (bands ? rng.below(4) : 3) {
        case 0: who = "The " + std::string(rng.pick(cw::adjectives())) + " " + std::string(rng.pick(cw::nouns())); break;
        case 1: who = rng.pick(std::span<const std::string>(names)); break;
        default: who = person(rng);
      }
      const int first = static_cast<int>(rng.between(1965, 2023));
      out.push_back({std::move(who), first, static_cast<int>(rng.between(1, max_works))});
    }
  };
  people(artists, 12000, 14, true);
  people(authors, 6000, 20, false);
  static constexpr sv kSuffix[] = {"Pro", "Studio", "Suite", "Manager", "Converter", "Editor", "Toolkit",
                                   "Office", "Designer", "Recorder", "Player", "Cleaner", "Antivirus",
                                   "Backup", "Builder", "Master", "Optimizer", "Utilities"};
  for (int i = 0; i < 800; ++i) products.push_back(rng.pick(std::span<const std::string>(names)) + " " +
                                                   std::string(rng.pick(kSuffix)));
  for (int i = 0; i < 300; ++i) {
    std::string site = rng.percent(50) ? rng.pick(std::span<const std::string>(names))
                                       : std::string(rng.pick(cw::adjectives()));
    site += rng.pick({"Vids", "Studios", "Clips", "Films", "Media", "Productions", "X"});
    sites.push_back(std::move(site));
  }
  for (int i = 0; i < 4000; ++i) performers.push_back(person(rng));
  show_pop = ZipfTable(shows.size(), 10);
  movie_pop = ZipfTable(movies.size(), 10);
  game_pop = ZipfTable(games.size(), 10);
  artist_pop = ZipfTable(artists.size(), 10);
  author_pop = ZipfTable(authors.size(), 10);
  product_pop = ZipfTable(products.size(), 5);
  site_pop = ZipfTable(sites.size(), 5);
}

// ---------------------------------------------------------------- video qualities

namespace {

enum class Audio : std::uint8_t { none, web, bluray, aac };

// One way releases are encoded: the tags in the order names carry them and
// the size of a ~45-minute episode (movies scale it).
struct Profile {
  sv resolution;  // empty: SD without a resolution tag
  sv source;
  sv codec;
  Audio audio;
  bool service;  // names the streaming service (AMZN, NF, ...)
  bool hdr;
  std::uint32_t mb_lo, mb_hi;
};

constexpr Weighted<Profile> kTvProfiles[] = {
    {{"1080p", "WEB", "h264", Audio::none, false, false, 1200, 3200}, 13},
    {{"1080p", "WEB-DL", "H.264", Audio::web, true, false, 1500, 4000}, 14},
    {{"1080p", "WEBRip", "x264", Audio::web, true, false, 1000, 2500}, 6},
    {{"1080p", "WEBRip", "x265.10bit", Audio::aac, false, false, 400, 1200}, 5},
    {{"1080p", "WEB", "H265", Audio::none, false, false, 700, 2000}, 2},
    {{"1080p", "BluRay", "x264", Audio::bluray, false, false, 2500, 6000}, 5},
    {{"1080p", "HDTV", "x264", Audio::none, false, false, 1200, 3500}, 4},
    {{"1080p", "BluRay.REMUX", "AVC", Audio::bluray, false, false, 6000, 14000}, 1},
    {{"720p", "WEB", "h264", Audio::none, false, false, 500, 1400}, 7},
    {{"720p", "WEB-DL", "H.264", Audio::web, true, false, 600, 1600}, 5},
    {{"720p", "HDTV", "x264", Audio::none, false, false, 350, 1400}, 7},
    {{"720p", "BluRay", "x264", Audio::bluray, false, false, 1000, 2500}, 3},
    {{"2160p", "WEB", "h265", Audio::none, false, false, 3500, 9000}, 3},
    {{"2160p", "WEB-DL", "H.265", Audio::web, true, true, 4500, 12000}, 4},
    {{"2160p", "BluRay", "x265", Audio::bluray, false, true, 8000, 16000}, 1},
    {{"480p", "WEB", "x264", Audio::none, false, false, 150, 400}, 3},
    {{"", "HDTV", "x264", Audio::none, false, false, 180, 450}, 5},
    {{"", "HDTV", "XviD", Audio::none, false, false, 170, 370}, 3},
    {{"", "DVDRip", "XviD", Audio::none, false, false, 170, 370}, 2},
    {{"1080p", "WEB", "AV1", Audio::aac, false, false, 300, 900}, 1},
};

constexpr Weighted<Profile> kMovieProfiles[] = {
    {{"1080p", "BluRay", "x264", Audio::bluray, false, false, 6000, 16000}, 14},
    {{"1080p", "WEB-DL", "H.264", Audio::web, true, false, 3000, 8000}, 10},
    {{"1080p", "WEBRip", "x264", Audio::aac, false, false, 1500, 3200}, 8},
    {{"1080p", "BluRay", "x265.10bit", Audio::aac, false, false, 2000, 6000}, 6},
    {{"1080p", "WEB", "h264", Audio::none, false, false, 2500, 7000}, 6},
    {{"720p", "BluRay", "x264", Audio::bluray, false, false, 1000, 5000}, 8},
    {{"720p", "WEBRip", "x264", Audio::aac, false, false, 700, 1400}, 4},
    {{"2160p", "UHD.BluRay", "x265", Audio::bluray, false, true, 15000, 32000}, 4},
    {{"2160p", "WEB-DL", "H.265", Audio::web, true, true, 9000, 25000}, 5},
    {{"2160p", "BluRay.REMUX", "HEVC", Audio::bluray, false, true, 40000, 80000}, 1},
    {{"1080p", "BluRay.REMUX", "AVC", Audio::bluray, false, false, 20000, 40000}, 2},
    {{"480p", "DVDRip", "x264", Audio::aac, false, false, 700, 1400}, 2},
    {{"", "DVDRip", "XviD", Audio::none, false, false, 700, 1400}, 3},
    {{"", "HDCAM", "x264", Audio::none, false, false, 700, 2000}, 1},
    {{"1080p", "WEB", "AV1", Audio::aac, false, false, 1200, 3000}, 1},
};

constexpr sv kWebAudio[] = {"DDP5.1", "DDP5.1", "DDP5.1", "DDP2.0", "AAC2.0", "DDP5.1.Atmos", "DD5.1"};
constexpr sv kBlurayAudio[] = {"DTS", "DTS-HD.MA.5.1", "TrueHD.7.1.Atmos", "DD5.1", "AAC5.1", "DTS-HD.MA.7.1",
                               "FLAC.2.0"};
constexpr sv kHdr[] = {"HDR", "HDR", "HDR", "DV.HDR", "DV", "HDR10Plus"};

struct Language {
  sv tag;  // as names write it: GERMAN.DL, MULTi, FRENCH, ...
  int groups;  // 0: any, 1: German groups, 2: French groups
};

constexpr Weighted<Language> kLanguages[] = {
    {{"", 0}, 840}, {{"German.DL", 1}, 40}, {{"GERMAN", 1}, 20}, {{"FRENCH", 2}, 20}, {{"MULTi", 2}, 30},
    {{"iTALiAN", 0}, 15}, {{"SPANiSH", 0}, 10}, {{"VOSTFR", 2}, 5}, {{"NORDiC", 0}, 5}, {{"DUTCH", 0}, 5},
    {{"POLiSH", 0}, 5}, {{"RUSSiAN", 0}, 5},
};

constexpr Weighted<sv> kAnimeResolutions[] = {{"1080p", 70}, {"720p", 22}, {"480p", 8}};
constexpr Weighted<sv> kAdultResolutions[] = {{"1080p", 55}, {"720p", 20}, {"2160p", 15}, {"480p", 10}};
constexpr Weighted<sv> kBookFormats[] = {{"epub", 55}, {"pdf", 30}, {"mobi", 8}, {"azw3", 7}};

}  // namespace

// ---------------------------------------------------------------- names

namespace {

// One record's making: the generator's state and the record being filled.
struct Maker {
  CorpusRng& rng;
  const CorpusGenerator::World& w;
  CorpusRecord& r;

  std::vector<CorpusFile>& files() {
    if (!r.files) r.files.emplace();
    return *r.files;
  }
  void add_file(std::string path, std::uint64_t size) { files().push_back({std::move(path), size}); }

  // The files' sum as the size; a torrent without its list keeps the size.
  void sum_files() {
    std::uint64_t total = 0;
    for (const auto& f : *r.files) total += f.size;
    r.size = total;
  }

  sv group_for(const Language& lang, std::span<const sv> usual) {
    if (lang.groups == 1) return rng.pick(cw::german_groups());
    if (lang.groups == 2) return rng.pick(cw::french_groups());
    return rng.pick(usual);
  }

  // ".1080p.AMZN.WEB-DL.DDP5.1.H.264-GROUP" (sep '.') or the same with spaces.
  void append_tech(std::string& out, const Profile& p, char sep, sv group) {
    if (!p.resolution.empty()) (out += sep) += p.resolution;
    if (p.service) (out += sep) += rng.pick(cw::streaming_services());
    (out += sep) += p.source;
    if (p.audio == Audio::web) (out += sep) += rng.pick(kWebAudio);
    if (p.audio == Audio::bluray) (out += sep) += rng.pick(kBlurayAudio);
    if (p.audio == Audio::aac && rng.percent(50)) (out += sep) += "AAC";
    if (p.hdr) (out += sep) += rng.pick(kHdr);
    (out += sep) += p.codec;
    out += '-';
    out += group;
  }

  void revision(std::string& out, char sep) {
    const auto x = rng.below(100);
    if (x < 3) (out += sep) += "REPACK";
    else if (x < 5) (out += sep) += "PROPER";
    else if (x < 6) (out += sep) += "iNTERNAL";
  }

  void episode_title(std::string& out, char sep) {
    if (rng.percent(70)) return;
    out += sep;
    if (rng.percent(40)) (out += "The") += sep;
    std::string words = rng.percent(50) ? std::string(rng.pick(cw::adjectives())) + " " + std::string(rng.pick(cw::nouns()))
                                        : std::string(rng.pick(cw::nouns()));
    append_joined(out, words, sep);
  }

  void video_files(const std::string& stem, std::uint64_t size, sv ext) {
    std::uint64_t rest = size;
    if (rng.percent(20)) {
      add_file(stem + ".nfo", 2000 + rng.below(8000));
    }
    if (rng.percent(10)) {
      const auto sample = std::min<std::uint64_t>(rest / 20, 30'000'000 + rng.below(40'000'000));
      add_file("Sample/" + stem + "-sample." + std::string(ext), sample);
      rest -= sample;
    }
    add_file(stem + "." + std::string(ext), rest);
    sum_files();
  }

  std::string crc() {
    std::string s;
    append_hex(s, rng.next(), 8, true);
    return s;
  }

  void tv();
  void tv_regular(const Show& s, std::size_t rank);
  void tv_daily(const Show& s);
  void tv_anime(const Show& s);
  void movie();
  void music();
  void book(bool audio);
  void software();
  void game();
  void adult();
  void unknown();
};

void Maker::tv() {
  const auto rank = w.show_pop.pick(rng);
  const Show& s = w.shows[rank];
  r.truth.title = s.title;
  switch (s.style) {
    case ShowStyle::daily: return tv_daily(s);
    case ShowStyle::anime: return tv_anime(s);
    case ShowStyle::regular: return tv_regular(s, rank);
  }
}

void Maker::tv_regular(const Show& s, std::size_t) {
  const Profile& p = pick_weighted(rng, kTvProfiles);
  const Language& lang = pick_weighted(rng, kLanguages);
  const bool p2p = p.service || p.audio == Audio::bluray || rng.percent(20);
  const sv group = group_for(lang, p2p ? cw::p2p_groups() : cw::scene_tv_groups());
  const auto style = rng.below(100);  // 0-79 dots, 80-91 spaces, 92-99 P2P with parentheses
  const char sep = style < 80 ? '.' : ' ';
  r.truth.resolution = std::string(p.resolution);
  r.truth.group = std::string(group);

  std::string prefix;  // the show as the name begins
  append_joined(prefix, s.title, sep);
  if (s.year_in_name) {
    prefix += sep;
    if (style >= 92) prefix += '(';
    append_int(prefix, s.year);
    if (style >= 92) prefix += ')';
    r.truth.year = s.year;
  }
  if (!s.country.empty()) (prefix += sep) += s.country;

  std::string tail;  // language, revision and tech, after the episode marker
  revision(tail, sep);
  if (!lang.tag.empty()) (tail += sep) += lang.tag;
  if (style >= 92) {
    tail += " (";
    std::string inner;
    append_tech(inner, p, ' ', group);
    inner[inner.rfind('-')] = ' ';  // "(1080p AMZN WEB-DL DDP5.1 H.264 NTb)"
    tail += inner.substr(1);
    tail += ')';
  } else {
    append_tech(tail, p, sep, group);
  }

  const int season = static_cast<int>(rng.between(1, s.seasons));
  r.truth.season = season;
  const std::uint64_t episode_size = mb(rng, p.mb_lo, p.mb_hi) * (s.episodes >= 20 ? 1 : 3) / (s.episodes >= 20 ? 1 : 2);
  auto season_marker = [&](std::string& out, int n) {
    out += 'S';
    append_padded(out, n, 2);
  };
  auto episode_stem = [&](int season_no, int e) {
    std::string f;
    append_joined(f, s.title, '.');
    if (s.year_in_name) (f += '.') += std::to_string(s.year);
    f += ".S";
    append_padded(f, season_no, 2);
    f += 'E';
    append_padded(f, e, 2);
    std::string t = tail;
    for (auto& c : t) if (c == ' ' || c == '(' || c == ')') c = '.';
    f += t;
    return f;
  };

  const auto kind = rng.below(100);
  if (kind < 10 || (kind < 14 && s.seasons < 2)) {  // one season
    r.truth.season_pack = true;
    r.name = prefix;
    r.name += sep;
    season_marker(r.name, season);
    if (rng.percent(25)) (r.name += sep) += "COMPLETE";
    r.name += tail;
    for (int e = 1; e <= s.episodes; ++e)
      add_file(episode_stem(season, e) + ".mkv", episode_size + rng.below(episode_size / 8));
    sum_files();
    return;
  }
  if (kind < 14) {  // several seasons: S01-S03
    const int first = static_cast<int>(rng.between(1, s.seasons - 1));
    const int last = static_cast<int>(rng.between(first + 1, s.seasons));
    r.truth.season = first;
    r.truth.last_season = last;
    r.truth.season_pack = true;
    r.name = prefix;
    r.name += sep;
    season_marker(r.name, first);
    r.name += '-';
    season_marker(r.name, last);
    if (rng.percent(40)) (r.name += sep) += "COMPLETE";
    r.name += tail;
    for (int sn = first; sn <= last && files().size() < 400; ++sn)
      for (int e = 1; e <= s.episodes; ++e)
        add_file("Season " + std::to_string(sn) + "/" + episode_stem(sn, e) + ".mkv",
                 episode_size + rng.below(episode_size / 8));
    sum_files();
    return;
  }
  const int episode = static_cast<int>(rng.between(1, s.episodes));
  r.truth.episodes.push_back(episode);
  r.name = prefix;
  r.name += sep;
  if (rng.percent(2)) {  // 1x05
    append_int(r.name, season);
    r.name += 'x';
    append_padded(r.name, episode, 2);
  } else {
    season_marker(r.name, season);
    r.name += 'E';
    append_padded(r.name, episode, 2);
    if (episode < s.episodes && rng.percent(5)) {  // S01E05E06 / S01E05-E06
      r.name += rng.percent(50) ? "E" : "-E";
      append_padded(r.name, episode + 1, 2);
      r.truth.episodes.push_back(episode + 1);
    }
  }
  if (style < 92) episode_title(r.name, sep);
  r.name += tail;
  video_files(episode_stem(season, episode), episode_size * r.truth.episodes.size(), "mkv");
}

void Maker::tv_daily(const Show& s) {
  const Profile& p = pick_weighted(rng, kTvProfiles);
  const sv group = rng.pick(cw::scene_tv_groups());
  const Civil d = civil_from_days(floor_div(r.published_at, kDay) - static_cast<std::int64_t>(rng.below(2)));
  std::string date;
  append_int(date, d.year);
  date += '.';
  append_padded(date, d.month, 2);
  date += '.';
  append_padded(date, d.day, 2);
  r.truth.air_date = date;
  for (auto& c : r.truth.air_date) if (c == '.') c = '-';
  r.truth.resolution = std::string(p.resolution);
  r.truth.group = std::string(group);
  r.name.clear();
  append_joined(r.name, s.title, '.');
  (r.name += '.') += date;
  if (rng.percent(60)) {  // the guest
    r.name += '.';
    append_joined(r.name, w.person(rng), '.');
  }
  append_tech(r.name, p, '.', group);
  video_files(r.name, mb(rng, p.mb_lo, p.mb_hi) / 2, "mkv");
}

void Maker::tv_anime(const Show& s) {
  r.truth.anime = true;
  const sv group = rng.pick(cw::anime_groups());
  r.truth.group = std::string(group);
  const sv res = pick_weighted(rng, kAnimeResolutions);
  r.truth.resolution = std::string(res);
  const int episode = static_cast<int>(rng.between(1, s.episodes));
  const std::uint64_t size = mb(rng, 200, 1500) * (res == "1080p" ? 2 : 1) / 2;
  auto number = [&](std::string& out, int e) { append_padded(out, e, s.episodes >= 100 ? 3 : 2); };
  const auto form = rng.below(100);
  r.name = "[";
  r.name += group;
  r.name += "] ";
  r.name += s.title;
  if (form < 10 && s.episodes >= 12) {  // a batch of the first season's worth
    const int last = std::min(s.episodes, 12 + static_cast<int>(rng.below(2)) * 12);
    r.truth.season_pack = true;
    r.name += " (";
    number(r.name, 1);
    r.name += '-';
    number(r.name, last);
    r.name += ") [";
    r.name += res;
    r.name += "] [Batch]";
    for (int e = 1; e <= last; ++e) {
      std::string f = "[" + std::string(group) + "] " + s.title + " - ";
      number(f, e);
      f += " (" + std::string(res) + ") [" + crc() + "].mkv";
      add_file(std::move(f), size + rng.below(size / 8));
    }
    sum_files();
    return;
  }
  r.truth.episodes.push_back(episode);
  r.name += " - ";
  if (form < 20) {  // [Judas] Title - S01E05 [1080p][HEVC x265 10bit]
    r.truth.anime = false;
    const int per_season = std::max(1, s.episodes / s.seasons);
    const int season = (episode - 1) / per_season + 1;
    const int e = (episode - 1) % per_season + 1;
    r.truth.season = season;
    r.truth.episodes = {e};
    r.name += 'S';
    append_padded(r.name, season, 2);
    r.name += 'E';
    append_padded(r.name, e, 2);
    r.name += " [";
    r.name += res;
    r.name += "][HEVC x265 10bit][Multi-Subs]";
  } else {
    number(r.name, episode);
    if (rng.percent(4)) r.name += "v2";
    if (form < 55) {
      r.name += " (";
      r.name += res;
      r.name += ") [" + crc() + "]";
      if (rng.percent(50)) r.name += ".mkv";
    } else if (form < 80) {
      r.name += " [";
      r.name += res;
      r.name += "][Multiple Subtitle]";
    } else {
      r.name += " [";
      r.name += res;
      r.name += " HEVC x265 10Bit][AAC]";
    }
  }
  if (rng.percent(70)) {
    std::string f = r.name;
    if (f.size() < 4 || f.compare(f.size() - 4, 4, ".mkv") != 0) f += ".mkv";
    add_file(std::move(f), size);
    sum_files();
  } else {
    r.size = size;
  }
}

void Maker::movie() {
  const Work& m = w.movies[w.movie_pop.pick(rng)];
  r.truth.title = m.title;
  r.truth.year = m.year;
  const Profile& p = pick_weighted(rng, kMovieProfiles);
  const Language& lang = pick_weighted(rng, kLanguages);
  const sv group = group_for(lang, cw::movie_groups());
  const std::uint64_t size = mb(rng, p.mb_lo, p.mb_hi);
  const auto form = rng.below(100);
  r.truth.resolution = std::string(p.resolution);
  r.name.clear();
  if (form < 9 && !p.resolution.empty() && p.resolution != "480p") {  // Title (2019) [1080p] [BluRay] [5.1] [YTS.MX]
    r.name = m.title;
    r.name += " (";
    append_int(r.name, m.year);
    r.name += ") [";
    r.name += p.resolution;
    r.name += "] [";
    r.name += p.source == "WEB-DL" || p.source == "WEB" ? "WEB" : p.source == "WEBRip" ? "WEBRip" : "BluRay";
    r.name += rng.percent(60) ? "] [5.1] [YTS.MX]" : "] [YTS.MX]";
    const std::uint64_t small = size / 4;
    add_file(r.name + ".mp4", small);
    add_file("www.YTS.MX.jpg", 50000 + rng.below(30000));
    sum_files();
    return;
  }
  if (form < 14 && !p.resolution.empty()) {  // Title (2019) (1080p BluRay x265 HEVC 10bit AAC 5.1 Tigole) [QxR]
    r.truth.group = "QxR";
    r.name = m.title;
    r.name += " (";
    append_int(r.name, m.year);
    r.name += ") (";
    r.name += p.resolution;
    r.name += ' ';
    r.name += p.source == "BluRay" || p.source == "UHD.BluRay" ? "BluRay" : "WEB-DL";
    r.name += " x265 HEVC 10bit AAC 5.1 Tigole) [QxR]";
    add_file(r.name + ".mkv", size / 3);
    sum_files();
    return;
  }
  const char sep = form < 86 ? '.' : ' ';
  r.truth.group = std::string(group);
  append_joined(r.name, m.title, sep);
  r.name += sep;
  append_int(r.name, m.year);
  if (rng.percent(6)) {
    (r.name += sep) += rng.pick({"Extended", "Directors.Cut", "Unrated", "Theatrical", "IMAX", "Remastered",
                                 "Extended.Cut", "Uncut", "Criterion"});
    if (sep == ' ') for (auto& c : r.name) if (c == '.') c = ' ';
  }
  revision(r.name, sep);
  if (!lang.tag.empty()) (r.name += sep) += lang.tag;
  append_tech(r.name, p, sep, group);
  std::string stem;
  append_joined(stem, r.name, '.');
  video_files(stem, size, "mkv");
}

void Maker::music() {
  const std::size_t artist = w.artist_pop.pick(rng);
  const Person& a = w.artists[artist];
  const int album = static_cast<int>(rng.below(static_cast<std::uint64_t>(a.works)));
  // The album's own stream: every release of it has the same title, year and tracks.
  CorpusRng arng(mix64(artist * 64 + static_cast<std::uint64_t>(album)));
  const std::string title = w.title(arng, false);
  const int year = std::min(kEndYear, a.first_year + album * static_cast<int>(arng.between(1, 3)));
  const int tracks = static_cast<int>(arng.between(7, 16));
  r.truth.title = title;
  r.truth.year = year;
  const auto form = rng.below(100);
  const bool flac = form < 45 || (form >= 80 && rng.percent(50));
  auto add_album = [&](const std::string& dir, const std::string& album_title) {
    CorpusRng trng(mix64(fnv1a(album_title)));
    for (int t = 1; t <= tracks; ++t) {
      std::string f = dir;
      append_padded(f, t, 2);
      f += " - ";
      f += trng.percent(50) ? std::string(trng.pick(cw::nouns())) : w.title(trng, false);
      f += flac ? ".flac" : ".mp3";
      add_file(std::move(f), (flac ? 20'000'000 : 7'000'000) + rng.below(flac ? 30'000'000 : 6'000'000));
    }
    add_file(dir + "cover.jpg", 100000 + rng.below(900000));
    if (flac && rng.percent(40)) add_file(dir + a.name + " - " + album_title + ".cue", 1500 + rng.below(2000));
  };
  if (form < 30) {
    r.name = a.name + " - " + title + " (" + std::to_string(year) + ") [FLAC]";
  } else if (form < 45) {
    r.name = a.name + " - " + title + " (" + std::to_string(year) + ") [FLAC " +
             std::string(rng.pick({"24bit-96kHz", "24-96", "24bit-44.1kHz", "16-44"})) + "]";
  } else if (form < 65) {
    r.name = a.name + " - " + title + " (" + std::to_string(year) + ") " +
             std::string(rng.pick({"[MP3 320kbps]", "Mp3 320kbps [PMEDIA]", "[320]", "MP3 V0"}));
  } else if (form < 80) {  // scene: Artist_Name-Album_Title-WEB-2021-GROUP
    std::string n;
    append_joined(n, a.name, '_');
    n += '-';
    append_joined(n, title, '_');
    n += rng.percent(50) ? "-WEB-" : "-(CAT" + std::to_string(rng.between(100, 9999)) + ")-WEB-";
    append_int(n, year);
    n += '-';
    n += rng.pick(cw::music_groups());
    r.name = std::move(n);
    r.truth.group = "";
  } else if (form < 85) {  // a discography
    const int last = std::min(kEndYear, a.first_year + a.works * 2);
    r.truth.title = "Discography";
    r.truth.year.reset();
    r.name = a.name + " - Discography (" + std::to_string(a.first_year) + "-" + std::to_string(last) + ") " +
             (flac ? "[FLAC]" : "[MP3]");
    for (int i = 0; i < a.works && files().size() < 350; ++i) {
      CorpusRng brng(mix64(artist * 64 + static_cast<std::uint64_t>(i)));
      const std::string t = w.title(brng, false);
      add_album(t + " (" + std::to_string(std::min(kEndYear, a.first_year + i * 2)) + ")/", t);
    }
    sum_files();
    return;
  } else if (form < 93) {
    r.name = "VA - " + title + " Vol. " + std::to_string(rng.between(1, 12)) + " (" + std::to_string(year) + ")" +
             (flac ? " FLAC" : " MP3");
  } else {
    r.truth.title = "Greatest Hits";
    r.name = a.name + " - Greatest Hits (" + std::to_string(year) + ")" + (flac ? " [FLAC]" : " [MP3]");
  }
  add_album("", title);
  sum_files();
}

void Maker::book(bool audio) {
  const std::size_t author = w.author_pop.pick(rng);
  const Person& a = w.authors[author];
  const int idx = static_cast<int>(rng.below(static_cast<std::uint64_t>(a.works)));
  CorpusRng brng(mix64((author * 64 + static_cast<std::uint64_t>(idx)) ^ 0x626f6f6bULL));
  const std::string title = w.title(brng, true);
  const int year = std::min(kEndYear, a.first_year + idx);
  r.truth.title = title;
  r.truth.year = year;
  const auto form = rng.below(100);
  std::string base;
  append_joined(base, title, ' ');
  if (!audio) {
    const sv ext = pick_weighted(rng, kBookFormats);
    std::string upper(ext);
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));  // azw3 -> AZW3
    if (form < 40) r.name = a.name + " - " + title + " (" + std::to_string(year) + ") [" + upper + "]";
    else if (form < 60) r.name = a.name + " - " + title + " (retail) (" + std::string(ext) + ")";
    else if (form < 80) r.name = title + " by " + a.name + " (" + std::string(ext) + ")";
    else r.name = a.name + " - " + title + "." + std::string(ext);
    add_file(a.name + " - " + base + "." + std::string(ext), 400'000 + rng.below(ext == "pdf" ? 40'000'000 : 6'000'000));
    if (rng.percent(25)) add_file(a.name + " - " + base + ".mobi", 500'000 + rng.below(5'000'000));
    sum_files();
    return;
  }
  if (form < 40) r.name = a.name + " - " + title + " (Unabridged) [M4B]";
  else if (form < 70) r.name = a.name + " - " + title + " - Read by " + w.person(rng) + " [MP3 64kbps]";
  else r.name = title + " - " + a.name + " [" + std::to_string(year) + "] (Audiobook)";
  if (form < 40) {
    add_file(base + ".m4b", 150'000'000 + rng.below(900'000'000));
  } else {
    const int chapters = static_cast<int>(rng.between(8, 60));
    for (int c = 1; c <= chapters; ++c) {
      std::string f;
      append_padded(f, c, 2);
      f += " - " + base + ".mp3";
      add_file(std::move(f), 8'000'000 + rng.below(25'000'000));
    }
  }
  add_file("cover.jpg", 60000 + rng.below(400000));
  sum_files();
}

void Maker::software() {
  const std::string& product = w.products[w.product_pop.pick(rng)];
  r.truth.title = product;
  const auto form = rng.below(100);
  const std::string version = std::to_string(rng.between(1, 25)) + "." + std::to_string(rng.below(10)) + "." +
                              std::to_string(rng.below(20));
  std::uint64_t size = mb(rng, 20, 4000);
  if (form < 30) {
    const int year = static_cast<int>(rng.between(2019, 2025));
    r.truth.year = year;
    r.name = product + " " + std::to_string(year) + " v" + version + "." + std::to_string(rng.below(999)) +
             " (x64) Multilingual";
  } else if (form < 60) {
    append_joined(r.name, product, '.');
    r.name += ".v" + version + (rng.percent(50) ? ".x64-" : ".Incl.Keygen-");
    r.name += rng.pick(cw::software_groups());
  } else if (form < 75) {
    r.name = product + " " + version + " " + std::string(rng.pick({"macOS", "MacOS [TNT]", "(macOS) U2B", "for Mac"}));
    add_file(product + " " + version + ".dmg", size);
    sum_files();
    return;
  } else if (form < 85) {
    r.name = product + " v" + version + " Portable";
  } else {  // a Linux distribution image
    std::string distro;
    for (char c : w.names[w.product_pop.pick(rng)]) distro += static_cast<char>(c | 0x20);
    r.truth.title = distro;
    const auto v = std::to_string(rng.between(18, 25)) + "." + (rng.percent(50) ? "04" : "10");
    r.name = distro + "-" + v + "-" + std::string(rng.pick({"desktop", "server", "live", "netinst"})) + "-" +
             std::string(rng.pick({"amd64", "x86_64", "arm64"})) + ".iso";
    add_file(r.name, size);
    sum_files();
    return;
  }
  std::string stem;
  append_joined(stem, product, '_');
  add_file("Setup_" + stem + "_" + version + ".exe", size);
  if (rng.percent(50)) add_file("Crack/" + std::string(rng.pick({"patch.exe", "keygen.exe", "license.dll"})), 100000 + rng.below(4'000'000));
  add_file("Readme.txt", 500 + rng.below(4000));
  sum_files();
}

void Maker::game() {
  const Work& g = w.games[w.game_pop.pick(rng)];
  r.truth.title = g.title;
  const auto form = rng.below(100);
  const std::uint64_t size = mb(rng, 500, 90000);
  const std::string version = std::to_string(rng.between(1, 3)) + "." + std::to_string(rng.below(10)) + "." +
                              std::to_string(rng.below(30));
  std::string dotted;
  append_joined(dotted, g.title, '.');
  if (form < 30) {  // scene: Title-GROUP / Title.Update.v1.2-GROUP
    const sv group = rng.pick(cw::game_groups());
    r.truth.group = std::string(group);
    r.name = dotted + (rng.percent(30) ? ".Update.v" + version : "") + "-" + std::string(group);
    std::string lower;
    for (char c : group) lower += static_cast<char>(c | 0x20);
    add_file(lower + "-" + dotted + ".iso", size);
    add_file(lower + ".nfo", 3000 + rng.below(5000));
  } else if (form < 55) {  // a repack of setup.exe and split archives
    const bool fitgirl = rng.percent(60);
    r.name = g.title + (rng.percent(50) ? " (v" + version + " + " + std::to_string(rng.between(1, 12)) + " DLCs)" : "") +
             (fitgirl ? " [FitGirl Repack]" : " [DODI Repack]");
    add_file("setup.exe", 3'000'000 + rng.below(3'000'000));
    const int parts = std::max<int>(1, static_cast<int>(size / 4'000'000'000ULL) + 1);
    for (int i = 1; i <= parts; ++i) {
      std::string f = fitgirl ? "fg-" : "setup-";
      append_padded(f, i, 2);
      add_file(f + ".bin", size / static_cast<std::uint64_t>(parts));
    }
    add_file("MD5/QuickSFV.EXE", 100000);
  } else if (form < 75) {  // GOG
    r.name = g.title + " v" + version + " [GOG]";
    std::string stem;
    for (char c : dotted) stem += c == '.' ? '_' : static_cast<char>(c | 0x20);
    add_file("setup_" + stem + "_" + version + ".exe", 2'000'000 + rng.below(4'000'000));
    add_file("setup_" + stem + "_" + version + "-1.bin", size);
  } else if (form < 90) {  // consoles
    const sv platform = rng.pick({"NSW", "PS4", "PS5", "XBOX360", "PS3"});
    r.name = dotted + "." + std::string(platform) + "-" + std::string(rng.pick({"VENOM", "DUPLEX", "BigBlueBox", "iMARS"}));
    add_file(dotted + (platform == "NSW" ? ".nsp" : ".pkg"), size / 3);
  } else {
    r.name = g.title + " (" + std::to_string(g.year) + ") [MULTi" + std::to_string(rng.between(2, 14)) + "]";
    add_file(dotted + ".iso", size);
  }
  sum_files();
}

void Maker::adult() {
  const std::string& site = w.sites[w.site_pop.pick(rng)];
  const std::string& who = rng.pick(std::span<const std::string>(w.performers));
  const Civil d = civil_from_days(floor_div(r.published_at, kDay));
  const sv res = pick_weighted(rng, kAdultResolutions);
  r.truth.resolution = std::string(res);
  r.truth.title = site;
  const std::uint64_t size = mb(rng, 200, res == "2160p" ? 8000 : 3000);
  const auto form = rng.below(100);
  if (form < 60) {
    r.name = site + ".";
    append_padded(r.name, d.year % 100, 2);
    r.name += '.';
    append_padded(r.name, d.month, 2);
    r.name += '.';
    append_padded(r.name, d.day, 2);
    r.name += '.';
    append_joined(r.name, who, '.');
    r.name += ".XXX.";
    r.name += res;
    r.name += rng.percent(60) ? ".MP4-" : ".HEVC.x265-";
    r.name += rng.pick({"XXX", "P2P", "KTR", "NBQ", "GUSH", "SEXORS"});
  } else if (form < 80) {
    r.name = site + " - " + who + " - " + std::string(rng.pick(cw::adjectives())) + " " +
             std::string(rng.pick(cw::nouns())) + " (" + std::string(res) + ")";
  } else {
    r.name = who + " Compilation [" + std::to_string(d.year) + "] XXX";
    const int n = static_cast<int>(rng.between(5, 40));
    for (int i = 1; i <= n; ++i) {
      std::string f = "Scene ";
      append_padded(f, i, 2);
      add_file(f + ".mp4", size / static_cast<std::uint64_t>(n));
    }
    sum_files();
    return;
  }
  add_file(r.name + ".mp4", size);
  sum_files();
}

void Maker::unknown() {
  const auto form = rng.below(100);
  r.truth.title.clear();
  if (form < 30) {
    r.name = std::string(rng.pick(cw::unknown_names()));
    if (rng.percent(50)) r.name += " " + std::to_string(rng.between(2005, 2025));
  } else if (form < 45) {
    r.name = rng.pick({"IMG_", "DSC_", "VID_", "Scan_"});
    append_padded(r.name, rng.between(1, 9999), 4);
    r.name += rng.pick({".zip", ".rar", ".7z", ""});
  } else if (form < 60) {
    append_hex(r.name, rng.next(), 16);
  } else if (form < 80) {  // plain words, no markers at all
    r.name = rng.pick(std::span<const std::string>(w.names)) + " " + std::string(rng.pick(cw::nouns())) + " " +
             std::string(rng.pick(cw::nouns()));
  } else {
    append_joined(r.name, std::string(rng.pick(cw::nouns())) + " " + std::string(rng.pick(cw::nouns())), '_');
    r.name += '_';
    append_int(r.name, rng.between(1, 300));
    r.name += rng.pick({".zip", ".pdf", ".tar.gz", ".docx", ".mp4", ""});
  }
  const int n = static_cast<int>(rng.long_tail(0, 4));
  for (int i = 1; i <= n; ++i) {
    std::string f = "file_";
    append_padded(f, i, 3);
    add_file(f + std::string(rng.pick({".jpg", ".png", ".pdf", ".txt", ".dat", ".mp4"})), 1000 + rng.below(50'000'000));
  }
  sum_files();
}

constexpr Weighted<ContentType> kTypes[] = {
    {ContentType::tv_show, 31}, {ContentType::movie, 24}, {ContentType::xxx, 9},     {ContentType::music, 9},
    {ContentType::unknown, 10}, {ContentType::software, 5}, {ContentType::game, 5}, {ContentType::ebook, 5},
    {ContentType::audiobook, 2},
};

}  // namespace

// ---------------------------------------------------------------- the generator

CorpusGenerator::CorpusGenerator(std::uint64_t seed)
    : seed_(seed), world_(std::make_unique<World>(seed)), rng_(mix64(seed ^ 0x7265636f7264ULL)) {}

CorpusGenerator::~CorpusGenerator() = default;

const CorpusRecord& CorpusGenerator::next() {
  CorpusRecord& r = record_;
  // Info-hashes: the first 64 bits are a bijection of the index (unique by
  // construction), the other 96 random.
  r.info_hash.clear();
  append_hex(r.info_hash, mix64(index_ + mix64(seed_)), 16);
  append_hex(r.info_hash, rng_.next(), 16);
  append_hex(r.info_hash, rng_.next() >> 32, 8);
  ++index_;

  r.name.clear();
  r.files.reset();
  r.size = 0;
  r.truth = CorpusTruth{};
  // Recent times more often (the product of two uniforms), never before a
  // work's year could have a release.
  const std::uint64_t back = rng_.below(kSpan) * rng_.below(kSpan) / kSpan;
  r.published_at = kCorpusEnd - static_cast<std::int64_t>(back);

  const ContentType type = pick_weighted(rng_, kTypes);
  r.truth.type = type;
  Maker m{rng_, *world_, r};
  switch (type) {
    case ContentType::tv_show: m.tv(); break;
    case ContentType::movie: m.movie(); break;
    case ContentType::music: m.music(); break;
    case ContentType::ebook: m.book(false); break;
    case ContentType::audiobook: m.book(true); break;
    case ContentType::software: m.software(); break;
    case ContentType::game: m.game(); break;
    case ContentType::xxx: m.adult(); break;
    default: m.unknown(); break;
  }
  if (r.truth.year && *r.truth.year >= kEndYear - 5) {
    const std::int64_t earliest = days_from_civil(*r.truth.year, 1, 1) * kDay;
    if (r.published_at < earliest) r.published_at = earliest + static_cast<std::int64_t>(rng_.below(kCorpusEnd - earliest));
  }
  if (r.files && r.size == 0) r.size = 1;
  if (!r.files) r.size = r.size ? r.size : mb(rng_, 1, 4000);
  // What the source says: most records carry a content type; unknown ones rarely.
  r.content_type.reset();
  if (type == ContentType::unknown ? rng_.percent(20) : rng_.percent(80)) r.content_type = type;
  // Many torrents have no file list (a DHT crawl without metadata yet).
  if (r.files && rng_.percent(25)) r.files.reset();
  if (rng_.percent(8)) {
    r.seeders.reset();
    r.leechers.reset();
  } else {
    r.seeders = rng_.long_tail(35, 12);
    r.leechers = rng_.long_tail(55, 9);
  }
  return r;
}

void CorpusGenerator::append_ndjson(const CorpusRecord& r, std::string& out) {
  out += "{\"infoHash\":\"";
  out += r.info_hash;
  out += "\",\"name\":";
  append_json_string(out, r.name);
  out += ",\"size\":";
  append_int(out, static_cast<std::int64_t>(r.size));
  out += ",\"publishedAt\":\"";
  out += rfc3339_utc(r.published_at);
  out += "\",\"source\":\"bench\"";
  if (r.content_type) {
    out += ",\"contentType\":\"";
    out += media::to_string(*r.content_type);
    out += '"';
  }
  if (r.files) {
    out += ",\"files\":[";
    bool first = true;
    for (const auto& f : *r.files) {
      if (!first) out += ',';
      first = false;
      out += "{\"path\":";
      append_json_string(out, f.path);
      out += ",\"size\":";
      append_int(out, static_cast<std::int64_t>(f.size));
      out += '}';
    }
    out += ']';
  }
  if (r.seeders) {
    out += ",\"seeders\":";
    append_int(out, *r.seeders);
  }
  if (r.leechers) {
    out += ",\"leechers\":";
    append_int(out, *r.leechers);
  }
  out += "}\n";
}

std::string rfc3339_utc(std::int64_t t) {
  const std::int64_t days = floor_div(t, kDay);
  const std::int64_t secs = t - days * kDay;
  const Civil d = civil_from_days(days);
  std::string s;
  s.reserve(20);
  append_padded(s, d.year, 4);
  s += '-';
  append_padded(s, d.month, 2);
  s += '-';
  append_padded(s, d.day, 2);
  s += 'T';
  append_padded(s, secs / 3600, 2);
  s += ':';
  append_padded(s, secs / 60 % 60, 2);
  s += ':';
  append_padded(s, secs % 60, 2);
  s += 'Z';
  return s;
}

}  // namespace helmarr::app
