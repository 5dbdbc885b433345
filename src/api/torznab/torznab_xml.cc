#include "api/torznab/torznab_xml.h"

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <limits>
#include <span>

#include <fmt/format.h>

#include "api/torznab/newznab_categories.h"
#include "api/torznab/torznab_query.h"
#include "api/xml_text.h"
#include "torrent/magnet.h"

namespace helmarr::api::torznab {

namespace {

constexpr std::string_view kXmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

// A tiny writer: every text and attribute value goes through the escaper.
class Xml {
 public:
  explicit Xml(std::string& out) : out_(out) {}
  Xml& open(std::string_view tag) {
    out_ += '<';
    out_ += tag;
    return *this;
  }
  Xml& attr(std::string_view name, std::string_view value) {
    out_ += ' ';
    out_ += name;
    out_ += "=\"";
    append_xml_escaped(out_, value);
    out_ += '"';
    return *this;
  }
  Xml& attr(std::string_view name, std::int64_t value) { return attr(name, std::string_view(std::to_string(value))); }
  void close_empty() { out_ += "/>\n"; }
  void end_open() { out_ += ">\n"; }
  void element(std::string_view tag, std::string_view text) {
    out_ += '<';
    out_ += tag;
    out_ += '>';
    append_xml_escaped(out_, text);
    out_ += "</";
    out_ += tag;
    out_ += ">\n";
  }
  // Text content after open(...).attr(...), then the closing tag.
  void text(std::string_view content, std::string_view tag) {
    out_ += '>';
    append_xml_escaped(out_, content);
    out_ += "</";
    out_ += tag;
    out_ += ">\n";
  }
  void end(std::string_view tag) {
    out_ += "</";
    out_ += tag;
    out_ += ">\n";
  }
  void torznab_attr(std::string_view name, std::string_view value) {
    open("torznab:attr").attr("name", name).attr("value", value).close_empty();
  }
  void torznab_attr(std::string_view name, std::int64_t value) { torznab_attr(name, std::to_string(value)); }

 private:
  std::string& out_;
};

// Parent and subcategory, as the *arr apps expect both: a torrent filed
// under 5040 is also under 5000. Unclassified torrents are Other (8000).
std::vector<int> item_categories(const std::vector<int>& categories) {
  std::vector<int> out;
  for (int c : categories) {
    if (c <= 0) continue;
    if (c < 10000 && !is_newznab_parent(c)) out.push_back(c / 1000 * 1000);
    out.push_back(c);
  }
  if (out.empty()) out.push_back(8000);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void write_item(Xml& xml, const library::TorrentRecord& t, const FeedInfo& info) {
  const std::string url = torrent_info_url(info.base_url, t.info_hash.hex());
  const std::string magnet =
      torrent::make_magnet_uri(t.info_hash, t.name, t.size ? std::optional(t.size) : std::nullopt);
  const auto size = static_cast<std::int64_t>(std::min<std::uint64_t>(t.size, std::numeric_limits<std::int64_t>::max()));
  const std::vector<int> categories = item_categories(t.categories);

  xml.open("item").end_open();
  xml.element("title", t.name);
  xml.open("guid").attr("isPermaLink", "true").text(url, "guid");
  xml.element("comments", url);
  xml.element("link", magnet);  // some clients (Headphones) download from <link>
  xml.element("pubDate", rfc822_date(t.created_at()));
  xml.element("size", std::to_string(size));
  for (int c : categories) xml.element("category", std::to_string(c));
  xml.open("enclosure").attr("url", magnet).attr("length", size).attr("type", "application/x-bittorrent").close_empty();

  for (int c : categories) xml.torznab_attr("category", c);
  xml.torznab_attr("size", size);
  if (t.file_count > 0) xml.torznab_attr("files", t.file_count);
  xml.torznab_attr("grabs", 0);  // no grab is recorded until the evidence issue
  xml.torznab_attr("infohash", torznab_infohash(t.info_hash));
  xml.torznab_attr("magneturl", magnet);
  // Unknown swarm: no seeders at all rather than 0, which Sonarr's default
  // minimum of one seeder would reject.
  if (t.seeders) {
    xml.torznab_attr("seeders", *t.seeders);
    xml.torznab_attr("peers", *t.seeders + t.leechers.value_or(0));
  }
  if (t.year) xml.torznab_attr("year", *t.year);
  if (t.season) xml.torznab_attr("season", *t.season);
  if (!t.episodes.empty()) xml.torznab_attr("episode", t.episodes.front());
  if (t.ids.imdb) xml.torznab_attr("imdb", fmt::format("{:07}", *t.ids.imdb));
  if (t.ids.tmdb) xml.torznab_attr("tmdbid", *t.ids.tmdb);
  if (t.ids.tvdb) xml.torznab_attr("tvdbid", *t.ids.tvdb);
  xml.end("item");
}

void write_search(Xml& xml, std::string_view tag, std::string_view params) {
  xml.open(tag).attr("available", "yes").attr("supportedParams", params).close_empty();
}

}  // namespace

std::string rfc822_date(std::int64_t unix_seconds) {
  constexpr std::int64_t kMax = 253402300799;  // 9999-12-31T23:59:59Z
  const std::time_t t = static_cast<std::time_t>(std::clamp<std::int64_t>(unix_seconds, 0, kMax));
  std::tm tm{};
  gmtime_r(&t, &tm);  // UTC and reentrant: no time zone or locale involved
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000", kDays[tm.tm_wday], tm.tm_mday, kMonths[tm.tm_mon],
                     tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string torrent_info_url(std::string_view base_url, std::string_view hash_hex) {
  return fmt::format("{}/api/torrents/{}", base_url, hash_hex);
}

std::string torznab_infohash(const torrent::InfoHash& hash) {
  if (hash.v1) return torrent::to_hex(*hash.v1);
  if (hash.v2) return torrent::to_hex(std::span(hash.v2->data(), 20));
  return {};
}

std::string caps_xml(const CapsInfo& info) {
  std::string out(kXmlDeclaration);
  Xml xml(out);
  xml.open("caps").end_open();
  xml.open("server").attr("version", info.version).attr("title", info.title).attr("url", info.base_url + "/").close_empty();
  xml.open("limits").attr("max", kMaxLimit).attr("default", kDefaultLimit).close_empty();
  xml.open("registration").attr("available", "no").attr("open", "no").close_empty();
  xml.open("searching").end_open();
  write_search(xml, "search", kSearchParams);
  write_search(xml, "tv-search", kTvSearchParams);
  write_search(xml, "movie-search", kMovieSearchParams);
  // Lidarr reads audio-search, Prowlarr music-search: the same search.
  write_search(xml, "music-search", kMusicSearchParams);
  write_search(xml, "audio-search", kMusicSearchParams);
  write_search(xml, "book-search", kBookSearchParams);
  xml.end("searching");
  xml.open("categories").end_open();
  for (const auto& parent : newznab_categories()) {
    xml.open("category").attr("id", parent.category.id).attr("name", parent.category.name).end_open();
    for (const auto& sub : parent.subcategories) xml.open("subcat").attr("id", sub.id).attr("name", sub.name).close_empty();
    xml.end("category");
  }
  xml.end("categories");
  xml.end("caps");
  return out;
}

std::string feed_xml(const library::SearchPage& page, int offset, const FeedInfo& info) {
  std::string out(kXmlDeclaration);
  out.reserve(1024 + page.items.size() * 2048);
  Xml xml(out);
  xml.open("rss")
      .attr("version", "2.0")
      .attr("xmlns:atom", "http://www.w3.org/2005/Atom")
      .attr("xmlns:torznab", kTorznabNamespace)
      .end_open();
  xml.open("channel").end_open();
  xml.open("atom:link").attr("href", info.base_url + info.self_path).attr("rel", "self")
      .attr("type", "application/rss+xml").close_empty();
  xml.element("title", info.title);
  xml.element("description", info.title + " torrent library");
  xml.element("link", info.base_url + "/");
  xml.open("torznab:response").attr("offset", offset).attr("total", page.total).close_empty();
  for (const auto& t : page.items) write_item(xml, t, info);
  xml.end("channel");
  xml.end("rss");
  return out;
}

}  // namespace helmarr::api::torznab
