// A Torznab query string as a client sends it (after the '?'): decoded by
// http::parse_target, mapped by parse_torznab_query, and whatever it gives
// written out: the feed for a torrent built from the request, or the
// Newznab error. Both must be well-formed XML a strict parser reads.
#include <cstdint>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "api/error_response.h"
#include "api/torznab/torznab_query.h"
#include "api/torznab/torznab_xml.h"
#include "fuzz_check.h"
#include "http/request.h"

namespace {

using namespace helmarr;
using namespace helmarr::api::torznab;

bool printable_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c > 0x7E) return false;
  return true;
}

void check_query(const library::SearchQuery& q) {
  FUZZ_CHECK(q.limit >= 1 && q.limit <= kMaxLimit);
  FUZZ_CHECK(q.offset >= 0 && q.offset <= kMaxOffset);
  FUZZ_CHECK(q.text.size() <= kMaxQueryBytes);
  FUZZ_CHECK(q.categories.size() <= kMaxCategories);
  for (int c : q.categories) FUZZ_CHECK(c >= 1 && c <= 999'999);
  FUZZ_CHECK(!q.season || (*q.season >= 0 && *q.season <= 9999));
  FUZZ_CHECK(!q.episode || q.season);  // an episode only ever with its season
  FUZZ_CHECK(q.air_date.empty() || (q.air_date.size() == 10 && q.air_date[4] == '-' && q.air_date[7] == '-' &&
                                    !q.season && !q.episode));
  FUZZ_CHECK(!q.year || (*q.year >= 1800 && *q.year <= 2999));
  for (const auto& id : {q.ids.imdb, q.ids.tmdb, q.ids.tvdb}) FUZZ_CHECK(!id || *id > 0);
  FUZZ_CHECK((q.sort == library::SortOrder::newest) == q.text.empty());
}

// A torrent made of what the request carried, so hostile text reaches the
// feed writer through every field it prints.
void check_feed(const library::SearchQuery& q, std::string_view raw) {
  library::TorrentRecord t;
  t.info_hash.v1 = torrent::Sha1{};
  t.info_hash.v1->at(0) = raw.empty() ? 0 : static_cast<std::uint8_t>(raw[0]);
  t.name = q.text.empty() ? std::string(raw.substr(0, 300)) : q.text;
  t.size = raw.size() * 1'000'003ull;
  t.categories = q.categories;
  t.season = q.season;
  if (q.episode) t.episodes = {*q.episode};
  t.year = q.year;
  t.ids = q.ids;
  if (q.offset % 2) t.seeders = q.offset;
  t.published_at = static_cast<std::int64_t>(raw.size()) * 86'400'017 - 1'000'000'000;
  library::SearchPage page;
  page.items = {t};
  page.total = 1;
  const std::string xml = feed_xml(page, q.offset, {.title = "Helmarr", .base_url = "http://h:1", .self_path = "/t"});
  pugi::xml_document doc;
  FUZZ_CHECK(doc.load_buffer(xml.data(), xml.size()));
  auto item = doc.child("rss").child("channel").child("item");
  FUZZ_CHECK(item);
  if (printable_ascii(t.name)) FUZZ_CHECK(t.name == item.child_value("title"));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string path;
  std::vector<std::pair<std::string, std::string>> params;
  if (!http::parse_target("/torznab/api?" + std::string(in), path, params)) return 0;

  auto r = parse_torznab_query(params);
  if (r) {
    if (r->function != TorznabFunction::caps) {
      check_query(r->query);
      check_feed(r->query, in);
    }
    return 0;
  }
  FUZZ_CHECK(r.error().code == ErrorCode::invalid_request);
  FUZZ_CHECK(!r.error().message.empty());
  const auto res = api::error_response(r.error(), http::ErrorDialect::newznab);
  FUZZ_CHECK(res.status == 400);
  pugi::xml_document doc;
  FUZZ_CHECK(doc.load_buffer(res.body.data(), res.body.size()));
  const int code = doc.child("error").attribute("code").as_int();
  FUZZ_CHECK(code == 200 || code == 201 || code == 202);
  FUZZ_CHECK(res.body.size() < 1024);  // the value is quoted short, never echoed whole
  return 0;
}
