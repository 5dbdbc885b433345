// The caps document and the RSS feed, read back the way Sonarr reads them
// (tests/support/torznab_reader.h): every attribute the reference lists,
// with the types the *arr parsers give them.
#include "api/torznab/torznab_xml.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <set>

#include "api/torznab/newznab_categories.h"
#include "api/torznab/torznab_query.h"
#include "api/xml_text.h"
#include "support/torznab_reader.h"
#include "torrent/magnet.h"

namespace helmarr::api::torznab {
namespace {

using testing::read_torznab_caps;
using testing::read_torznab_feed;

constexpr const char* kHash = "cf40c40b7b6421419f353004010f3a32e6b2e7d2";
constexpr std::int64_t kJune1Noon = 1717243200;  // Sat, 01 Jun 2024 12:00:00 +0000

torrent::InfoHash hash_of(std::string_view hex) { return *torrent::parse_info_hash_hex(hex); }

library::TorrentRecord episode() {
  library::TorrentRecord t;
  t.id = 1;
  t.info_hash = hash_of(kHash);
  t.name = "Breaking.Bad.S01E02.720p.HDTV.x264-GRP";
  t.size = 5'368'709'120;  // 5 GiB: past what an int holds
  t.file_count = 2;
  t.content_type = media::ContentType::tv_show;
  t.categories = {5000, 5040};
  t.title = "Breaking Bad";
  t.year = 2008;
  t.season = 1;
  t.episodes = {2};
  t.ids = {.imdb = 903747, .tmdb = 1396, .tvdb = 81189};
  t.seeders = 12;
  t.leechers = 3;
  t.published_at = kJune1Noon;
  t.first_seen = kJune1Noon + 3600;
  return t;
}

FeedInfo info() { return {.title = "Helmarr", .base_url = "http://helmarr.lan:8000", .self_path = "/torznab/api"}; }

std::string feed_of(std::vector<library::TorrentRecord> items, std::int64_t total = -1, int offset = 0) {
  library::SearchPage page;
  page.total = total < 0 ? static_cast<std::int64_t>(items.size()) : total;
  page.items = std::move(items);
  return feed_xml(page, offset, info());
}

TEST(TorznabXml, AnItemReadTheWaySonarrReadsItHasEveryField) {
  const auto t = episode();
  const std::string xml = feed_of({t}, 7, 0);
  auto feed = read_torznab_feed(xml);
  ASSERT_EQ(feed.error, "") << xml;
  EXPECT_EQ(feed.offset, 0);
  EXPECT_EQ(feed.total, 7);
  ASSERT_EQ(feed.items.size(), 1u);
  const auto& it = feed.items[0];
  const std::string magnet = torrent::make_magnet_uri(t.info_hash, t.name, t.size);
  const std::string info_url = std::string("http://helmarr.lan:8000/api/torrents/") + kHash;

  EXPECT_EQ(it.title, t.name);
  EXPECT_EQ(it.guid, info_url);
  EXPECT_EQ(it.info_url, info_url);
  EXPECT_EQ(it.comment_url, info_url);
  EXPECT_EQ(it.link, magnet);
  EXPECT_EQ(it.download_url, magnet);  // UseEnclosureUrl
  EXPECT_EQ(it.enclosure_type, "application/x-bittorrent");
  EXPECT_EQ(it.pub_date, "Sat, 01 Jun 2024 12:00:00 +0000");  // published_at, not first_seen
  EXPECT_EQ(it.publish_date, kJune1Noon);
  EXPECT_EQ(it.size, 5'368'709'120);  // as a long
  EXPECT_EQ(it.category_elements, (std::vector<std::string>{"5000", "5040"}));
  EXPECT_EQ(it.all("category"), (std::vector<std::string>{"5000", "5040"}));
  EXPECT_EQ(it.seeders, 12);
  EXPECT_EQ(it.peers, 15);  // seeders + leechers
  EXPECT_EQ(it.info_hash, kHash);
  EXPECT_EQ(it.magnet_url, magnet);
  EXPECT_EQ(it.attr("size"), "5368709120");
  EXPECT_EQ(it.attr("files"), "2");
  EXPECT_EQ(it.attr("grabs"), "0");
  EXPECT_EQ(it.attr("year"), "2008");
  EXPECT_EQ(it.attr("season"), "1");
  EXPECT_EQ(it.attr("episode"), "2");
  EXPECT_EQ(it.attr("imdb"), "0903747");  // numeric, no tt, seven digits
  EXPECT_EQ(it.imdb_id, "tt0903747");
  EXPECT_EQ(it.tvdb_id, 81189);
  EXPECT_EQ(it.tmdb_id, 1396);

  // Older Sonarr reads attributes with SingleOrDefault: only category repeats.
  std::set<std::string> seen;
  for (const auto& [name, value] : it.attrs)
    if (name != "category") {
      EXPECT_TRUE(seen.insert(name).second) << name << " appears twice";
    }
  EXPECT_EQ(seen, (std::set<std::string>{"size", "files", "grabs", "infohash", "magneturl", "seeders", "peers",
                                         "year", "season", "episode", "imdb", "tmdbid", "tvdbid"}));
  // The magnet's & is escaped in the document, and the reader gives it back whole.
  EXPECT_NE(xml.find("&amp;dn="), std::string::npos);
}

TEST(TorznabXml, TheNamespaceIsFoundByItsUriNotItsPrefix) {
  std::string xml = feed_of({episode()});
  auto renamed = xml;
  for (std::string::size_type at; (at = renamed.find("torznab:")) != std::string::npos;)
    renamed.replace(at, 8, "tzn:");
  for (std::string::size_type at; (at = renamed.find("xmlns:torznab=")) != std::string::npos;)
    renamed.replace(at, 14, "xmlns:tzn=");
  ASSERT_NE(renamed, xml);
  auto a = read_torznab_feed(xml);
  auto b = read_torznab_feed(renamed);
  ASSERT_EQ(b.error, "");
  EXPECT_EQ(a.prefix, "torznab");
  EXPECT_EQ(b.prefix, "tzn");
  ASSERT_EQ(b.items.size(), 1u);
  EXPECT_EQ(b.items[0].attrs, a.items[0].attrs);
  EXPECT_EQ(b.items[0].seeders, 12);

  // The same prefix bound to another URI is not the torznab namespace.
  auto wrong = xml;
  wrong.replace(wrong.find(std::string(kTorznabNamespace)), kTorznabNamespace.size(), "http://example.com/other");
  EXPECT_NE(read_torznab_feed(wrong).error, "");
}

TEST(TorznabXml, UnknownFieldsAreLeftOutNotWrittenAsZero) {
  library::TorrentRecord t;
  t.info_hash = hash_of(kHash);
  t.name = "some.unclassified.thing";
  t.first_seen = kJune1Noon;
  auto feed = read_torznab_feed(feed_of({t}));
  ASSERT_EQ(feed.error, "");
  const auto& it = feed.items[0];
  // No swarm observed: no seeders, so Sonarr's minimum of one seeder does not reject it.
  EXPECT_FALSE(it.seeders);
  EXPECT_FALSE(it.peers);
  for (const char* absent : {"seeders", "peers", "files", "year", "season", "episode", "imdb", "tmdbid", "tvdbid"})
    EXPECT_FALSE(it.attr(absent)) << absent;
  EXPECT_EQ(it.attr("grabs"), "0");
  EXPECT_EQ(it.attr("size"), "0");
  EXPECT_EQ(it.pub_date, "Sat, 01 Jun 2024 12:00:00 +0000");  // first_seen without published_at
  EXPECT_EQ(it.all("category"), std::vector<std::string>{"8000"});  // Other, not nothing
  EXPECT_FALSE(it.imdb_id);
}

TEST(TorznabXml, ASubcategoryAlwaysBringsItsParent) {
  auto t = episode();
  t.categories = {2045};
  t.ids = {.imdb = 133093};
  auto feed = read_torznab_feed(feed_of({t}));
  ASSERT_EQ(feed.error, "");
  EXPECT_EQ(feed.items[0].all("category"), (std::vector<std::string>{"2000", "2045"}));
  EXPECT_EQ(feed.items[0].attr("imdb"), "0133093");
}

TEST(TorznabXml, SeasonPacksCarryTheSeasonAndNoEpisode) {
  auto t = episode();
  t.name = "Breaking.Bad.S02.1080p.BluRay.x264-GRP";
  t.season = 2;
  t.seasons = {2};
  t.episodes.clear();
  t.season_pack = true;
  auto feed = read_torznab_feed(feed_of({t}));
  ASSERT_EQ(feed.error, "");
  EXPECT_EQ(feed.items[0].attr("season"), "2");
  EXPECT_FALSE(feed.items[0].attr("episode"));
}

TEST(TorznabXml, AV2OnlyTorrentGivesTheTruncatedHashQBittorrentUses) {
  const std::string v2 = "8c9a2f5f4e0b8f3f0d4b29f1c2c7a96a0e1f7b6c5d4e3f2a1b0c9d8e7f6a5b4c";
  library::TorrentRecord t = episode();
  t.info_hash = hash_of(v2);
  auto feed = read_torznab_feed(feed_of({t}));
  ASSERT_EQ(feed.error, "");
  EXPECT_EQ(feed.items[0].info_hash, v2.substr(0, 40));
  EXPECT_EQ(feed.items[0].guid, "http://helmarr.lan:8000/api/torrents/" + v2);
  EXPECT_NE(feed.items[0].magnet_url.find("urn:btmh:1220" + v2), std::string::npos);
}

TEST(TorznabXml, HostileNamesStayInsideTheirElement) {
  auto t = episode();
  // Markup, quotes, control characters, a lone continuation byte, a
  // truncated sequence, an encoded surrogate, and real UTF-8 that must stay.
  t.name = std::string("</title><evil a=\"1\">&amp; 'x'\x01\x1f\x7f tab\there\n") + "\x80" + "\xE2\x82" + "\xED\xA0\x80" +
           "Amélie.東京\xF0\x9F\x8E\xAC";
  const std::string xml = feed_of({t});
  auto feed = read_torznab_feed(xml);
  ASSERT_EQ(feed.error, "") << xml;
  ASSERT_EQ(feed.items.size(), 1u);
  const std::string& title = feed.items[0].title;
  EXPECT_EQ(title.rfind("</title><evil a=\"1\">&amp; 'x'\x7f tab\there\n", 0), 0u) << title;
  EXPECT_NE(title.find("Amélie.東京\xF0\x9F\x8E\xAC"), std::string::npos);
  EXPECT_EQ(title.find('\x01'), std::string::npos);
  EXPECT_EQ(title.find("\xED\xA0\x80"), std::string::npos);
  EXPECT_EQ(xml.find("<evil"), std::string::npos);
  EXPECT_EQ(feed.items[0].magnet_url, torrent::make_magnet_uri(t.info_hash, t.name, t.size));
}

TEST(TorznabXml, XmlEscapeRepairsWhatStrictParsersRefuse) {
  EXPECT_EQ(xml_escape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  EXPECT_EQ(xml_escape("\t\n\r"), "&#9;&#10;&#13;");
  EXPECT_EQ(xml_escape(std::string("a\0b\x1b", 4)), "ab");
  EXPECT_EQ(xml_escape("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  EXPECT_EQ(xml_escape("\xF4\x90\x80\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // > U+10FFFF
  EXPECT_EQ(xml_escape("\xEF\xBF\xBE\xEF\xBF\xBF"), "");  // U+FFFE, U+FFFF
  EXPECT_EQ(xml_escape("\xC3\xA9\xE6\x9D\xB1\xF0\x9F\x8E\xAC"), "\xC3\xA9\xE6\x9D\xB1\xF0\x9F\x8E\xAC");
}

TEST(TorznabXml, TheResponseElementCarriesOffsetAndTotal) {
  auto feed = read_torznab_feed(feed_of({episode(), episode()}, 1234, 200));
  ASSERT_EQ(feed.error, "");
  EXPECT_EQ(feed.offset, 200);
  EXPECT_EQ(feed.total, 1234);
  EXPECT_EQ(feed.items.size(), 2u);
  auto empty = read_torznab_feed(feed_of({}));
  ASSERT_EQ(empty.error, "");
  EXPECT_EQ(empty.total, 0);
  EXPECT_TRUE(empty.items.empty());
}

TEST(TorznabXml, Rfc822DatesAreEnglishUtcAndReadBackStrictly) {
  EXPECT_EQ(rfc822_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(rfc822_date(kJune1Noon), "Sat, 01 Jun 2024 12:00:00 +0000");
  EXPECT_EQ(rfc822_date(951782400), "Tue, 29 Feb 2000 00:00:00 +0000");
  EXPECT_EQ(rfc822_date(-5), "Thu, 01 Jan 1970 00:00:00 +0000");  // clamped
  EXPECT_EQ(rfc822_date(INT64_MAX), "Fri, 31 Dec 9999 23:59:59 +0000");
  // Every few days across 1970-2100: the C locale's strftime and the strict reader agree.
  for (std::int64_t s = 0; s < 4102444800; s += 86400 * 3 + 3671) {
    const std::string d = rfc822_date(s);
    EXPECT_EQ(testing::parse_rfc822(d), s) << d;
    const std::time_t tt = static_cast<std::time_t>(s);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);  // the C locale's names
    ASSERT_EQ(d, buf);
  }
}

bool sonarr_test_passes(const testing::TorznabCaps& caps) {
  auto has = [&](const char* search, const char* p) {
    auto it = caps.searching.find(search);
    return it != caps.searching.end() && it->second.available &&
           std::find(it->second.params.begin(), it->second.params.end(), p) != it->second.params.end();
  };
  return has("search", "q") ||
         ((has("tv-search", "q") || has("tv-search", "tvdbid") || has("tv-search", "rid")) &&
          has("tv-search", "season") && has("tv-search", "ep"));
}

TEST(TorznabXml, CapsParseTheWaySonarrParsesThem) {
  const std::string xml = caps_xml({.title = "Helmarr", .version = "1.2.3", .base_url = "http://helmarr.lan:8000"});
  auto caps = read_torznab_caps(xml);
  ASSERT_EQ(caps.error, "") << xml;
  EXPECT_EQ(caps.max, 100);
  EXPECT_EQ(caps.default_limit, 100);
  EXPECT_TRUE(sonarr_test_passes(caps));

  using P = std::vector<std::string>;
  EXPECT_EQ(caps.searching["search"].params, (P{"q"}));
  EXPECT_EQ(caps.searching["tv-search"].params, (P{"q", "season", "ep", "imdbid", "tvdbid", "tmdbid"}));
  EXPECT_EQ(caps.searching["movie-search"].params, (P{"q", "imdbid", "tmdbid", "year"}));
  EXPECT_EQ(caps.searching["audio-search"].params, (P{"q"}));
  EXPECT_EQ(caps.searching["music-search"].params, (P{"q"}));
  EXPECT_EQ(caps.searching["book-search"].params, (P{"q"}));
  for (const auto& [name, s] : caps.searching) EXPECT_TRUE(s.available) << name;
  // Honest: nothing advertised that the query parser would not honour.
  for (const auto& [name, s] : caps.searching)
    for (const auto& p : s.params) {
      std::vector<std::pair<std::string, std::string>> q = {{"t", "tvsearch"}, {p, p == "year" ? "1999" : "1"}};
      if (p == "ep") q.emplace_back("season", "1");
      auto r = parse_torznab_query(q);
      ASSERT_TRUE(r) << name << " " << p;
      EXPECT_FALSE(r->unsupported) << name << " advertises " << p;
    }

  // The standard tree: every parent and the subcategories the *arr defaults use.
  for (int parent : {1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000}) EXPECT_TRUE(caps.categories.count(parent)) << parent;
  for (int sub : {2010, 2020, 2030, 2040, 2045, 2050, 2060, 2070, 2080})
    EXPECT_TRUE(std::count(caps.subcategories[2000].begin(), caps.subcategories[2000].end(), sub)) << sub;
  for (int sub : {5010, 5020, 5030, 5040, 5045, 5050, 5060, 5070, 5080})
    EXPECT_TRUE(std::count(caps.subcategories[5000].begin(), caps.subcategories[5000].end(), sub)) << sub;
  EXPECT_EQ(caps.categories[5040], "TV/HD");
  EXPECT_EQ(caps.categories[2000], "Movies");
  EXPECT_EQ(caps.categories[3030], "Audio/Audiobook");
  EXPECT_EQ(caps.categories[7020], "Books/EBook");
  for (const auto& [parent, subs] : caps.subcategories)
    for (int s : subs) EXPECT_EQ(s / 1000 * 1000, parent) << s;
}

TEST(TorznabXml, TheCategoryTableIsWellFormed) {
  std::set<int> ids;
  for (const auto& p : newznab_categories()) {
    EXPECT_TRUE(is_newznab_parent(p.category.id));
    EXPECT_TRUE(ids.insert(p.category.id).second);
    for (const auto& s : p.subcategories) {
      EXPECT_FALSE(is_newznab_parent(s.id));
      EXPECT_EQ(s.id / 1000 * 1000, p.category.id);
      EXPECT_TRUE(ids.insert(s.id).second) << s.id;
      EXPECT_EQ(std::string(s.name).rfind(std::string(p.category.name) + "/", 0), 0u) << s.name;
    }
  }
}

}  // namespace
}  // namespace helmarr::api::torznab
