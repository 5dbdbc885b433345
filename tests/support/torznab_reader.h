#pragma once
// Reads Torznab documents the way Sonarr does (TorznabRssParser and
// NewznabCapabilitiesProvider, v4), with pugixml: whatever Helmarr writes
// must survive these rules or Sonarr, Radarr and Prowlarr would drop it.
//  - torznab:attr is found by the namespace URI, never by the prefix: the
//    prefix is whatever the xmlns declarations in scope bind to
//    http://torznab.com/schemas/2015/feed.
//  - title, guid, comments, pubDate, enclosure are unqualified names, so a
//    default namespace on the document would hide them.
//  - size: the size attr as a long, else enclosure@length; seeders and peers
//    with int.Parse (a non-number throws there: an error here); imdb with
//    int.TryParse and > 0, shown as tt + 7 digits; tvdbid/tmdbid as int.
//  - enclosure@type must contain application/x-bittorrent.
//  - caps: limits@max/@default with int.Parse, available exactly "yes",
//    supportedParams split on commas (absent: "q" for search and
//    "q,rid,season,ep" for tv-search), category ids as int.
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>
#include <strings.h>

namespace helmarr::testing {

inline constexpr const char* kTorznabNs = "http://torznab.com/schemas/2015/feed";

// .NET's int.Parse / long.Parse on invariant digits: optional sign, digits,
// nothing else, in range.
inline std::optional<std::int64_t> dotnet_parse(std::string_view s, std::int64_t lo, std::int64_t hi) {
  if (s.empty()) return std::nullopt;
  bool neg = false;
  if (s.front() == '-' || s.front() == '+') {
    neg = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || s.size() > 19) return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    if (v > (INT64_MAX - (c - '0')) / 10) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (neg) v = -v;
  if (v < lo || v > hi) return std::nullopt;
  return v;
}

// "Sat, 01 Jun 2024 12:00:00 +0000" → unix seconds; strict.
inline std::optional<std::int64_t> parse_rfc822(const std::string& s) {
  char wday[4] = {}, mon[4] = {}, zone[6] = {};
  int day = 0, year = 0, h = 0, m = 0, sec = 0, used = 0;
  if (std::sscanf(s.c_str(), "%3s, %d %3s %d %d:%d:%d %5s%n", wday, &day, mon, &year, &h, &m, &sec, zone, &used) != 8 ||
      used != static_cast<int>(s.size()) || wday[3] != '\0' || std::string_view(s).substr(3, 2) != ", ")
    return std::nullopt;
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int month = -1;
  for (int i = 0; i < 12; ++i)
    if (std::string_view(mon) == kMonths[i]) month = i;
  if (month < 0 || std::string_view(zone) != "+0000") return std::nullopt;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month;
  tm.tm_mday = day;
  tm.tm_hour = h;
  tm.tm_min = m;
  tm.tm_sec = sec;
  const std::time_t t = timegm(&tm);
  // The weekday must be the one of that date.
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  std::tm check{};
  gmtime_r(&t, &check);
  if (std::string_view(wday) != kDays[check.tm_wday] || check.tm_mday != day) return std::nullopt;
  return static_cast<std::int64_t>(t);
}

struct TorznabItem {
  std::string title, guid, info_url, comment_url, link, pub_date, download_url, enclosure_type;
  std::int64_t publish_date = 0;
  std::int64_t size = 0;
  std::vector<std::string> category_elements;
  std::vector<std::pair<std::string, std::string>> attrs;  // every torznab:attr, in order
  std::optional<int> seeders, peers;
  std::string info_hash, magnet_url;
  std::optional<std::string> imdb_id;  // "tt0903747"
  int tvdb_id = 0, tmdb_id = 0;

  // TryGetTorznabAttribute: the first with that name, case-blind.
  std::optional<std::string> attr(std::string_view name) const {
    for (const auto& [k, v] : attrs)
      if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
    return std::nullopt;
  }
  std::vector<std::string> all(std::string_view name) const {
    std::vector<std::string> out;
    for (const auto& [k, v] : attrs)
      if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) out.push_back(v);
    return out;
  }
};

struct TorznabFeed {
  std::string error;   // empty when Sonarr would have accepted the document
  std::string prefix;  // the prefix the document bound to the torznab namespace
  std::optional<std::int64_t> offset, total;  // <torznab:response>
  std::vector<TorznabItem> items;
};

// The prefix bound to `uri` where `node` stands: the nearest xmlns:p
// declaration on it or its ancestors.
inline std::optional<std::string> prefix_for(pugi::xml_node node, std::string_view uri) {
  for (; node; node = node.parent()) {
    for (auto a : node.attributes()) {
      std::string_view name = a.name();
      if (name.substr(0, 6) == "xmlns:" && uri == a.value()) return std::string(name.substr(6));
    }
  }
  return std::nullopt;
}

inline bool has_default_namespace(pugi::xml_node node) {
  for (; node; node = node.parent())
    if (node.attribute("xmlns")) return true;
  return false;
}

inline TorznabFeed read_torznab_feed(std::string_view xml) {
  TorznabFeed feed;
  pugi::xml_document doc;
  auto parsed = doc.load_buffer(xml.data(), xml.size());
  if (!parsed) return {.error = std::string("not XML: ") + parsed.description()};
  if (doc.child("error")) return {.error = "an <error> document"};
  auto channel = doc.child("rss").child("channel");
  if (!channel) return {.error = "no rss/channel"};
  if (has_default_namespace(channel)) return {.error = "a default namespace hides the unqualified RSS names"};
  auto prefix = prefix_for(channel, kTorznabNs);
  if (!prefix) return {.error = "no prefix is bound to the torznab namespace"};
  feed.prefix = *prefix;
  const std::string attr_tag = *prefix + ":attr";
  if (auto r = channel.child((*prefix + ":response").c_str())) {
    feed.offset = dotnet_parse(r.attribute("offset").value(), INT64_MIN, INT64_MAX);
    feed.total = dotnet_parse(r.attribute("total").value(), INT64_MIN, INT64_MAX);
  }
  for (auto node : channel.children("item")) {
    TorznabItem it;
    // Declarations on the item itself count too.
    const auto item_prefix = prefix_for(node, kTorznabNs).value_or(*prefix);
    const std::string tag = item_prefix + ":attr";
    it.title = node.child_value("title");
    it.guid = node.child_value("guid");
    it.comment_url = node.child_value("comments");
    it.info_url = it.comment_url;
    it.link = node.child_value("link");
    it.pub_date = node.child_value("pubDate");
    for (auto c : node.children("category")) it.category_elements.emplace_back(c.child_value());
    for (auto a : node.children(tag.c_str())) {
      if (!a.attribute("name")) return {.error = "a torznab:attr without name"};
      it.attrs.emplace_back(a.attribute("name").value(), a.attribute("value").value());
    }
    auto enclosure = node.child("enclosure");
    if (!enclosure) return {.error = "an item without enclosure"};
    it.enclosure_type = enclosure.attribute("type").value();
    if (it.enclosure_type.find("application/x-bittorrent") == std::string::npos)
      return {.error = "enclosure type " + it.enclosure_type + " instead of application/x-bittorrent"};
    it.download_url = enclosure.attribute("url").value();
    if (auto d = parse_rfc822(it.pub_date)) {
      it.publish_date = *d;
    } else {
      return {.error = "pubDate is not RFC 822: " + it.pub_date};
    }
    const auto size_attr = it.attr("size");
    if (auto s = size_attr ? dotnet_parse(*size_attr, INT64_MIN, INT64_MAX) : std::nullopt) {
      it.size = *s;
    } else {
      it.size = dotnet_parse(enclosure.attribute("length").value(), INT64_MIN, INT64_MAX).value_or(0);
    }
    auto int_attr = [&](const char* name) -> std::optional<std::optional<int>> {
      auto v = it.attr(name);
      if (!v || v->empty()) return std::optional<int>{};
      auto n = dotnet_parse(*v, INT32_MIN, INT32_MAX);
      if (!n) return std::nullopt;  // int.Parse throws
      return std::optional<int>(static_cast<int>(*n));
    };
    auto seeders = int_attr("seeders");
    auto peers = int_attr("peers");
    if (!seeders || !peers) return {.error = "seeders or peers is not an int"};
    it.seeders = *seeders;
    it.peers = *peers;
    it.info_hash = it.attr("infohash").value_or("");
    it.magnet_url = it.attr("magneturl").value_or("");
    if (auto v = it.attr("imdb")) {
      if (auto n = dotnet_parse(*v, INT32_MIN, INT32_MAX); n && *n > 0) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "tt%07d", static_cast<int>(*n));
        it.imdb_id = buf;
      }
    }
    it.tvdb_id = static_cast<int>(dotnet_parse(it.attr("tvdbid").value_or(""), INT32_MIN, INT32_MAX).value_or(0));
    it.tmdb_id = static_cast<int>(dotnet_parse(it.attr("tmdbid").value_or(""), INT32_MIN, INT32_MAX).value_or(0));
    feed.items.push_back(std::move(it));
  }
  return feed;
}

struct TorznabSearchCaps {
  bool available = false;
  std::vector<std::string> params;
};

struct TorznabCaps {
  std::string error;
  int max = 0, default_limit = 0;
  std::map<std::string, TorznabSearchCaps> searching;  // "search", "tv-search", ...
  std::map<int, std::string> categories;               // every id, parents and subcats
  std::map<int, std::vector<int>> subcategories;       // parent → its subcats
};

inline TorznabCaps read_torznab_caps(std::string_view xml) {
  TorznabCaps caps;
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) return {.error = "not XML"};
  auto root = doc.child("caps");
  if (!root) return {.error = "no <caps>"};
  if (auto limits = root.child("limits")) {
    auto max = dotnet_parse(limits.attribute("max").value(), INT32_MIN, INT32_MAX);
    auto def = dotnet_parse(limits.attribute("default").value(), INT32_MIN, INT32_MAX);
    if (!max || !def) return {.error = "limits are not plain integers"};
    caps.max = static_cast<int>(*max);
    caps.default_limit = static_cast<int>(*def);
  }
  for (auto s : root.child("searching").children()) {
    TorznabSearchCaps sc;
    sc.available = std::string_view(s.attribute("available").value()) == "yes";
    std::string params;
    if (auto a = s.attribute("supportedParams")) params = a.value();
    else params = std::string_view(s.name()) == "tv-search" ? "q,rid,season,ep" : "q";
    std::size_t start = 0;
    while (start <= params.size()) {
      auto comma = params.find(',', start);
      if (comma == std::string::npos) comma = params.size();
      if (comma > start) sc.params.push_back(params.substr(start, comma - start));
      start = comma + 1;
    }
    caps.searching[s.name()] = sc;
  }
  for (auto c : root.child("categories").children("category")) {
    auto id = dotnet_parse(c.attribute("id").value(), INT32_MIN, INT32_MAX);
    if (!id) return {.error = "a category id is not an int"};
    caps.categories[static_cast<int>(*id)] = c.attribute("name").value();
    auto& subs = caps.subcategories[static_cast<int>(*id)];
    for (auto sc : c.children("subcat")) {
      auto sid = dotnet_parse(sc.attribute("id").value(), INT32_MIN, INT32_MAX);
      if (!sid) return {.error = "a subcat id is not an int"};
      caps.categories[static_cast<int>(*sid)] = sc.attribute("name").value();
      subs.push_back(static_cast<int>(*sid));
    }
  }
  return caps;
}

}  // namespace helmarr::testing
