// The Torznab query string → library::SearchQuery, with the requests the
// *arr apps really send (shared/reference/torznab.md §4), and the Newznab
// error each refusal becomes once written in the route's dialect.
#include "api/torznab/torznab_query.h"

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include "api/error_response.h"
#include "http/request.h"

namespace helmarr::api::torznab {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

Params params_of(const std::string& query) {
  std::string path;
  Params out;
  EXPECT_TRUE(http::parse_target("/torznab/api?" + query, path, out)) << query;
  return out;
}

Result<TorznabRequest> parse(const std::string& query) { return parse_torznab_query(params_of(query)); }

TorznabRequest ok(const std::string& query) {
  auto r = parse(query);
  EXPECT_TRUE(r) << query << ": " << (r ? "" : r.error().message);
  return r ? *r : TorznabRequest{};
}

// The error as a Torznab client sees it: HTTP status, code and description.
struct Wire {
  int status = 0;
  int code = 0;
  std::string description;
};

Wire refused(const std::string& query) {
  auto r = parse(query);
  EXPECT_FALSE(r) << query << " was accepted";
  if (r) return {};
  auto res = error_response(r.error(), http::ErrorDialect::newznab);
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(res.body.c_str())) << res.body;
  auto e = doc.child("error");
  return {res.status, e.attribute("code").as_int(), e.attribute("description").value()};
}

TEST(TorznabQuery, SonarrRssSyncIsTheNewestTvWithoutAQuery) {
  auto r = ok("t=tvsearch&cat=5030,5040&extended=1&apikey=K&offset=0&limit=100");
  EXPECT_EQ(r.function, TorznabFunction::tvsearch);
  EXPECT_FALSE(r.unsupported);
  EXPECT_EQ(r.query.text, "");
  EXPECT_EQ(r.query.categories, (std::vector<int>{5030, 5040}));
  EXPECT_EQ(r.query.sort, library::SortOrder::newest);
  EXPECT_EQ(r.query.limit, 100);
  EXPECT_EQ(r.query.offset, 0);
  EXPECT_FALSE(r.query.season);
  EXPECT_FALSE(r.query.episode);
  EXPECT_TRUE(r.query.ids.empty());
}

TEST(TorznabQuery, SonarrEpisodeSearchWithEveryAdvertisedId) {
  auto r = ok("t=tvsearch&cat=5030,5040&extended=1&apikey=K&offset=0&limit=100&tvdbid=81189&imdbid=tt0903747"
              "&tmdbid=1396&season=1&ep=2");
  EXPECT_EQ(r.query.ids.tvdb, 81189);
  EXPECT_EQ(r.query.ids.imdb, 903747);
  EXPECT_EQ(r.query.ids.tmdb, 1396);
  EXPECT_EQ(r.query.season, 1);
  EXPECT_EQ(r.query.episode, 2);
  EXPECT_EQ(r.query.air_date, "");
}

TEST(TorznabQuery, SeasonZeroIsSentAsDoubleZero) {
  auto r = ok("t=tvsearch&q=Breaking+Bad&season=00");
  ASSERT_TRUE(r.query.season);
  EXPECT_EQ(*r.query.season, 0);
  EXPECT_FALSE(r.query.episode);  // a season search omits ep
  EXPECT_EQ(r.query.text, "Breaking Bad");
  EXPECT_EQ(r.query.sort, library::SortOrder::relevance);
  EXPECT_EQ(ok("t=tvsearch&season=007&ep=0010").query.episode, 10);
}

TEST(TorznabQuery, DailyShowsAskForTheAirDate) {
  auto r = ok("t=tvsearch&q=The+Daily+Show&season=2024&ep=06/01");
  EXPECT_EQ(r.query.air_date, "2024-06-01");
  EXPECT_FALSE(r.query.season);
  EXPECT_FALSE(r.query.episode);
  EXPECT_EQ(ok("t=tvsearch&season=1999&ep=12/31").query.air_date, "1999-12-31");
  EXPECT_EQ(ok("t=tvsearch&season=2024&ep=6/1").query.air_date, "2024-06-01");

  for (const char* bad : {"season=2024&ep=13/01", "season=2024&ep=00/10", "season=2024&ep=06/32", "season=2024&ep=06/",
                          "season=2024&ep=/01", "season=2024&ep=06/01/02", "season=2024&ep=006/01"}) {
    auto w = refused(std::string("t=tvsearch&") + bad);
    EXPECT_EQ(w.code, 201) << bad;
    EXPECT_NE(w.description.find("ep"), std::string::npos) << bad << ": " << w.description;
  }
  auto no_year = refused("t=tvsearch&season=3&ep=06/01");
  EXPECT_EQ(no_year.code, 201);
  EXPECT_NE(no_year.description.find("season"), std::string::npos) << no_year.description;
  EXPECT_EQ(refused("t=tvsearch&ep=06/01").code, 201);
}

TEST(TorznabQuery, RadarrMovieSearchStripsTheTtAndSonarrKeepsIt) {
  auto radarr = ok("t=movie&cat=2000,2010,2020,2030,2040,2045,2050,2060&extended=1&apikey=K&offset=0&limit=100"
                   "&tmdbid=603&imdbid=0133093");
  EXPECT_EQ(radarr.function, TorznabFunction::movie);
  EXPECT_EQ(radarr.query.ids.imdb, 133093);
  EXPECT_EQ(radarr.query.ids.tmdb, 603);
  EXPECT_EQ(radarr.query.categories.size(), 8u);
  EXPECT_EQ(ok("t=movie&imdbid=tt0133093").query.ids.imdb, 133093);
  EXPECT_EQ(ok("t=movie&imdbid=TT0133093").query.ids.imdb, 133093);
  EXPECT_EQ(ok("t=movie&imdbid=133093").query.ids.imdb, 133093);
  EXPECT_FALSE(ok("t=movie&imdbid=").query.ids.imdb);  // empty: no id
  EXPECT_FALSE(ok("t=movie&tmdbid=0").query.ids.tmdb);  // 0: what "unknown" looks like
  EXPECT_EQ(ok("t=movie&q=The+Matrix&year=1999").query.year, 1999);
}

TEST(TorznabQuery, EveryFunctionIsKnownAndNamesAreCaseBlind) {
  EXPECT_EQ(ok("t=caps").function, TorznabFunction::caps);
  EXPECT_EQ(ok("t=search&q=x").function, TorznabFunction::search);
  EXPECT_EQ(ok("t=tvsearch").function, TorznabFunction::tvsearch);
  EXPECT_EQ(ok("t=movie").function, TorznabFunction::movie);
  EXPECT_EQ(ok("t=music").function, TorznabFunction::music);
  EXPECT_EQ(ok("t=book").function, TorznabFunction::book);
  EXPECT_EQ(ok("T=TVSearch&Season=2").query.season, 2);
  EXPECT_EQ(function_name(TorznabFunction::tvsearch), "tvsearch");
}

TEST(TorznabQuery, CapsIgnoresEverythingElse) {
  auto r = ok("t=caps&limit=abc&season=x&cat=nope");
  EXPECT_EQ(r.function, TorznabFunction::caps);
}

TEST(TorznabQuery, TypedSearchesKeepToTheirParentCategoryWithoutCat) {
  EXPECT_EQ(ok("t=tvsearch").query.categories, std::vector<int>{5000});
  EXPECT_EQ(ok("t=movie").query.categories, std::vector<int>{2000});
  EXPECT_EQ(ok("t=music").query.categories, std::vector<int>{3000});
  EXPECT_EQ(ok("t=book").query.categories, std::vector<int>{7000});
  EXPECT_TRUE(ok("t=search").query.categories.empty());
  EXPECT_EQ(ok("t=movie&cat=5040").query.categories, std::vector<int>{5040});  // the client's choice wins
}

TEST(TorznabQuery, CategoriesAreCommaSeparatedRepeatableAndDeduplicated) {
  EXPECT_EQ(ok("t=search&cat=5030,,5040,").query.categories, (std::vector<int>{5030, 5040}));
  EXPECT_EQ(ok("t=search&cat=5030&cat=2000,5030").query.categories, (std::vector<int>{5030, 2000}));
  EXPECT_EQ(ok("t=search&cat=%205030%20,5040").query.categories, (std::vector<int>{5030, 5040}));
  EXPECT_EQ(ok("t=search&cat=100001").query.categories, std::vector<int>{100001});  // custom ids pass through
  for (const char* bad : {"cat=50x", "cat=-5", "cat=0", "cat=5030;5040", "cat=9999999"}) {
    auto w = refused(std::string("t=search&") + bad);
    EXPECT_EQ(w.code, 201) << bad;
    EXPECT_NE(w.description.find("cat"), std::string::npos) << w.description;
  }
  std::string many = "t=search&cat=";
  for (int i = 1; i <= 65; ++i) many += std::to_string(i) + ",";
  EXPECT_EQ(refused(many).code, 201);
}

TEST(TorznabQuery, LimitDefaultsToAndIsClampedAtOneHundred) {
  EXPECT_EQ(ok("t=search").query.limit, 100);
  EXPECT_EQ(ok("t=search&limit=25").query.limit, 25);
  EXPECT_EQ(ok("t=search&limit=500").query.limit, 100);
  EXPECT_EQ(ok("t=search&limit=99999999999999999999999").query.limit, 100);
  EXPECT_EQ(ok("t=search&limit=0").query.limit, 100);
  EXPECT_EQ(ok("t=search&offset=300").query.offset, 300);
  EXPECT_EQ(ok("t=search&offset=10000000").query.offset, 10000000);
}

TEST(TorznabQuery, BadNumbersAreIncorrectParameterNamingIt) {
  for (const char* name : {"limit", "offset", "season", "ep", "year", "imdbid", "tmdbid", "tvdbid"}) {
    for (const char* value : {"abc", "-1", "1.5", "1e3", "0x10", "%2B3"}) {
      const std::string q = std::string("t=tvsearch&") + name + "=" + value + (name == std::string("ep") ? "&season=1" : "");
      auto w = refused(q);
      EXPECT_EQ(w.status, 400) << q;
      EXPECT_EQ(w.code, 201) << q;
      EXPECT_EQ(w.description.rfind("Incorrect parameter: " + std::string(name), 0), 0u) << q << ": " << w.description;
    }
  }
  EXPECT_EQ(refused("t=search&offset=10000001").code, 201);
  EXPECT_EQ(refused("t=tvsearch&season=10000").code, 201);
  EXPECT_EQ(refused("t=movie&year=99").code, 201);
}

TEST(TorznabQuery, AMissingOrUnknownFunctionIsRefusedWithItsNewznabCode) {
  auto missing = refused("q=x&apikey=K");
  EXPECT_EQ(missing.code, 200);
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.description.find("t"), std::string::npos);
  EXPECT_EQ(refused("t=&q=x").code, 200);

  auto unknown = refused("t=details&id=1");
  EXPECT_EQ(unknown.code, 202);
  EXPECT_EQ(unknown.status, 400);  // not 5xx: Prowlarr throws on a server error before reading the XML
  EXPECT_EQ(unknown.description.rfind("No such function", 0), 0u) << unknown.description;
  EXPECT_NE(unknown.description.find("details"), std::string::npos);
}

TEST(TorznabQuery, AnErrorNeverEchoesALongValueWhole) {
  const std::string junk(5000, 'x');
  auto w = refused("t=search&limit=" + junk);
  EXPECT_LT(w.description.size(), 200u);
  EXPECT_EQ(refused("t=" + junk).code, 202);
  EXPECT_EQ(refused("t=search&q=" + std::string(kMaxQueryBytes + 1, 'a')).code, 201);
  EXPECT_TRUE(parse("t=search&q=" + std::string(kMaxQueryBytes, 'a')));
}

TEST(TorznabQuery, FiltersHelmarrCannotHonourGiveAnEmptyAnswerNotAnError) {
  for (const char* name : {"tvmazeid", "rid", "traktid", "artist", "album", "author", "title", "genre", "maxage"}) {
    auto r = ok(std::string("t=tvsearch&q=x&") + name + "=123");
    ASSERT_TRUE(r.unsupported) << name;
    EXPECT_EQ(*r.unsupported, name);
  }
  EXPECT_EQ(ok("t=tvsearch&ep=5").unsupported.value_or(""), "ep");  // absolute numbering: no season to match
  EXPECT_FALSE(ok("t=tvsearch&tvmazeid=").unsupported);             // empty: not a filter
  // Parameters that change nothing are ignored.
  auto r = ok("t=search&q=x&extended=1&o=xml&attrs=seeders&del=1&cachebust=5&apikey=K");
  EXPECT_FALSE(r.unsupported);
  EXPECT_EQ(r.query.text, "x");
}

TEST(TorznabQuery, TheFirstOfARepeatedParameterWins) {
  auto r = ok("t=search&q=first&q=second&limit=5&limit=50");
  EXPECT_EQ(r.query.text, "first");
  EXPECT_EQ(r.query.limit, 5);
}

}  // namespace
}  // namespace helmarr::api::torznab

namespace helmarr::api::torznab {
namespace {

// Found by the fuzz target: "q=+" is a space, which is no query at all.
TEST(TorznabQueryBlank, AQueryOfSpacesIsTheNewestItems) {
  auto r = parse_torznab_query({{"t", "tvsearch"}, {"q", "  "}});
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->query.text.empty());
  EXPECT_EQ(r->query.sort, library::SortOrder::newest);
  r = parse_torznab_query({{"t", "search"}, {"q", " the office "}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->query.text, "the office");
}

}  // namespace
}  // namespace helmarr::api::torznab
