// The Torznab routes on an in-memory library (tests/support/fake_library.h):
// the requests Sonarr, Radarr and Prowlarr send, answered and read back the
// way their parsers read them. Errors are written as the pipeline writes
// them, in the routes' Newznab dialect.
#include "api/torznab/torznab_controller.h"

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <algorithm>
#include <set>

#include "api/error_response.h"
#include "api/pipeline.h"
#include "api/torznab/base_url.h"
#include "core/sync_wait.h"
#include "support/memory_store.h"
#include "support/fake_library.h"
#include "support/torznab_reader.h"

namespace helmarr::api::torznab {
namespace {

using testing::FakeLibrary;
using testing::read_torznab_caps;
using testing::read_torznab_feed;
using testing::TorznabFeed;

std::string hex_for(int n) { return fmt::format("{:040x}", n); }

class TorznabControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    controller_.register_routes(router_);
    tv(1, "Breaking.Bad.S01E01.720p.HDTV.x264-GRP", 1, {1});
    tv(2, "Breaking.Bad.S01E02.720p.HDTV.x264-GRP", 1, {2});
    pack(3, "Breaking.Bad.S01.1080p.BluRay.x264-GRP", {1});
    pack(4, "Breaking.Bad.S01-S03.1080p.BluRay.x264-GRP", {1, 2, 3});
    tv(5, "Breaking.Bad.S02E01.720p.HDTV.x264-GRP", 2, {1});
    tv(6, "Breaking.Bad.S00E01.Special.720p.HDTV.x264-GRP", 0, {1});
    movie(7, "The.Matrix.1999.1080p.BluRay.x264-GRP", {.imdb = 133093, .tmdb = 603});
    auto& daily = tv(8, "The.Daily.Show.2024.06.01.720p.WEB.h264-GRP", std::nullopt, {});
    daily.title = "The Daily Show";
    daily.air_date = "2024-06-01";
    auto& album = base(9, "Some.Artist-Some.Album-2020-FLAC", media::ContentType::music, {3000, 3040});
    album.year = 2020;
    movie(10, "The.Matrix.1999.720p.WEB.x264-OTHER", {});  // not identified yet
  }

  library::TorrentRecord& base(int n, std::string name, media::ContentType type, std::vector<int> cats) {
    library::TorrentRecord t;
    t.info_hash = *torrent::parse_info_hash_hex(hex_for(n));
    t.name = std::move(name);
    t.size = 1'000'000'000ull * n;
    t.content_type = type;
    t.categories = std::move(cats);
    t.first_seen = 1'700'000'000 + n * 60;  // later numbers are newer
    t.seeders = n;
    t.leechers = 1;
    return library_.add(std::move(t));
  }
  library::TorrentRecord& tv(int n, std::string name, std::optional<int> season, std::vector<int> episodes) {
    auto& t = base(n, std::move(name), media::ContentType::tv_show, {5000, 5040});
    t.title = "Breaking Bad";
    t.season = season;
    if (season) t.seasons = {*season};
    t.episodes = std::move(episodes);
    t.ids.tvdb = 81189;
    return t;
  }
  void pack(int n, std::string name, std::vector<int> seasons) {
    auto& t = tv(n, std::move(name), seasons.front(), {});
    t.seasons = std::move(seasons);
    t.season_pack = true;
  }
  void movie(int n, std::string name, library::ExternalIds ids) {
    auto& t = base(n, std::move(name), media::ContentType::movie, {2000, 2040});
    t.title = "The Matrix";
    t.year = 1999;
    t.ids = ids;
  }

  // What the pipeline would answer: the handler's response, or its error in
  // the route's dialect.
  http::Response get(const std::string& target, std::optional<std::string> host = "helmarr.lan:8000",
                     std::optional<std::string> proto = std::nullopt) {
    http::Request req;
    req.method = http::Method::get;
    req.target = target;
    EXPECT_TRUE(http::parse_target(target, req.path, req.query)) << target;
    if (host) req.headers.add("Host", *host);
    if (proto) req.headers.add("X-Forwarded-Proto", *proto);
    auto match = router_.match(req.method, req.path);
    EXPECT_TRUE(match.route) << target;
    if (!match.route) return http::Response::empty(404);
    auto r = match.route->handler(req);
    return r ? *r : error_response(r.error(), match.route->policy.dialect);
  }

  TorznabFeed feed(const std::string& target) {
    auto res = get(target);
    EXPECT_EQ(res.status, 200) << target << "\n" << res.body;
    EXPECT_EQ(res.content_type, "application/rss+xml; charset=utf-8");
    auto f = read_torznab_feed(res.body);
    EXPECT_EQ(f.error, "") << target << "\n" << res.body;
    return f;
  }

  std::vector<std::string> titles(const std::string& target) {
    std::vector<std::string> out;
    for (const auto& it : feed(target).items) out.push_back(it.title);
    return out;
  }

  std::set<std::string> title_set(const std::string& target) {
    auto v = titles(target);
    return {v.begin(), v.end()};
  }

  struct Wire {
    int status = 0, code = 0;
    std::string description;
  };
  Wire error_of(const std::string& target) {
    auto res = get(target);
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_string(res.body.c_str())) << res.body;
    EXPECT_NE(res.content_type.find("xml"), std::string::npos);  // clients read XML errors only under an xml type
    auto e = doc.child("error");
    EXPECT_TRUE(e) << target << "\n" << res.body;
    return {res.status, e.attribute("code").as_int(), e.attribute("description").value()};
  }

  FakeLibrary library_;
  TorznabController controller_{library_, {.fallback_base_url = "http://fallback.example:8000/", .version = "9.9.9"}};
  http::Router router_;
};

constexpr const char* kPaths[] = {"/torznab/api", "/torznab", "/api/torznab", "/api/torznab/api"};

TEST_F(TorznabControllerTest, EverySpellingOfTheEndpointIsAKeyedNewznabRouteOnTheWorkerPool) {
  for (const char* path : kPaths) {
    auto m = router_.match(http::Method::get, path);
    ASSERT_TRUE(m.route) << path;
    EXPECT_EQ(m.route->policy.access, http::Access::api_key) << path;
    EXPECT_EQ(m.route->policy.dialect, http::ErrorDialect::newznab) << path;
    EXPECT_EQ(m.route->policy.execution, http::Execution::blocking) << path;
    EXPECT_EQ(m.route->policy.rate_category, "general") << path;
    EXPECT_FALSE(router_.match(http::Method::post, path).route) << path;
  }
  // Unknown paths below either prefix answer in XML too.
  EXPECT_EQ(router_.fallback_policy("/torznab/other").dialect, http::ErrorDialect::newznab);
  EXPECT_EQ(router_.fallback_policy("/api/torznab/api/x").dialect, http::ErrorDialect::newznab);
  EXPECT_EQ(router_.fallback_policy("/api/torznab/api/x").access, http::Access::api_key);
}

TEST_F(TorznabControllerTest, CapsOnEveryPath) {
  for (const char* path : kPaths) {
    auto res = get(std::string(path) + "?t=caps&apikey=K");
    ASSERT_EQ(res.status, 200) << path;
    EXPECT_EQ(res.content_type, "application/xml; charset=utf-8");
    auto caps = read_torznab_caps(res.body);
    ASSERT_EQ(caps.error, "") << res.body;
    EXPECT_EQ(caps.max, 100);
    EXPECT_TRUE(caps.searching["tv-search"].available);
    EXPECT_TRUE(caps.categories.count(5040));
  }
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(get("/torznab/api?t=caps").body.c_str()));
  EXPECT_STREQ(doc.child("caps").child("server").attribute("version").value(), "9.9.9");
  EXPECT_TRUE(library_.queries().empty());  // caps reads no torrents
}

TEST_F(TorznabControllerTest, SonarrRssSyncAndIndexerTestGetTheNewestTvWithoutAQuery) {
  auto f = feed("/api/torznab/api?t=tvsearch&cat=5030,5040&extended=1&apikey=K&offset=0&limit=100");
  ASSERT_FALSE(f.items.empty());  // the indexer test fails on an empty answer
  EXPECT_EQ(f.total, 7);
  std::vector<std::string> got;
  for (const auto& it : f.items) got.push_back(it.title);
  EXPECT_EQ(got, (std::vector<std::string>{
                     "The.Daily.Show.2024.06.01.720p.WEB.h264-GRP", "Breaking.Bad.S00E01.Special.720p.HDTV.x264-GRP",
                     "Breaking.Bad.S02E01.720p.HDTV.x264-GRP", "Breaking.Bad.S01-S03.1080p.BluRay.x264-GRP",
                     "Breaking.Bad.S01.1080p.BluRay.x264-GRP", "Breaking.Bad.S01E02.720p.HDTV.x264-GRP",
                     "Breaking.Bad.S01E01.720p.HDTV.x264-GRP"}));  // newest first
  for (const auto& it : f.items) EXPECT_EQ(it.all("category"), (std::vector<std::string>{"5000", "5040"}));
  const auto q = library_.queries().back();
  EXPECT_EQ(q.sort, library::SortOrder::newest);
  EXPECT_EQ(q.categories, (std::vector<int>{5030, 5040}));  // passed through; the library expands parents
}

TEST_F(TorznabControllerTest, RadarrRssSyncGetsTheNewestMovies) {
  EXPECT_EQ(titles("/torznab/api?t=movie&cat=2000,2010,2020,2030,2040,2045,2050,2060&extended=1&apikey=K&offset=0&limit=100"),
            (std::vector<std::string>{"The.Matrix.1999.720p.WEB.x264-OTHER", "The.Matrix.1999.1080p.BluRay.x264-GRP"}));
}

TEST_F(TorznabControllerTest, ASeasonSearchGetsThatSeasonsEpisodesAndPacksAndNoOtherSeason) {
  EXPECT_EQ(title_set("/torznab/api?t=tvsearch&cat=5030,5040&q=Breaking+Bad&season=1"),
            (std::set<std::string>{"Breaking.Bad.S01E01.720p.HDTV.x264-GRP", "Breaking.Bad.S01E02.720p.HDTV.x264-GRP",
                                   "Breaking.Bad.S01.1080p.BluRay.x264-GRP",
                                   "Breaking.Bad.S01-S03.1080p.BluRay.x264-GRP"}));
  EXPECT_EQ(title_set("/torznab/api?t=tvsearch&q=Breaking+Bad&season=2"),
            (std::set<std::string>{"Breaking.Bad.S02E01.720p.HDTV.x264-GRP",
                                   "Breaking.Bad.S01-S03.1080p.BluRay.x264-GRP"}));
  // Season 0 (specials) is sent as 00 and is not "no season".
  EXPECT_EQ(titles("/torznab/api?t=tvsearch&q=Breaking+Bad&season=00"),
            (std::vector<std::string>{"Breaking.Bad.S00E01.Special.720p.HDTV.x264-GRP"}));
  EXPECT_TRUE(titles("/torznab/api?t=tvsearch&q=Breaking+Bad&season=4").empty());
}

TEST_F(TorznabControllerTest, AnEpisodeSearchGetsThatEpisodeOnly) {
  EXPECT_EQ(titles("/torznab/api?t=tvsearch&cat=5030,5040&extended=1&apikey=K&offset=0&limit=100"
                   "&tvdbid=81189&imdbid=tt0903747&season=1&ep=2"),
            (std::vector<std::string>{"Breaking.Bad.S01E02.720p.HDTV.x264-GRP"}));
  EXPECT_EQ(titles("/torznab/api?t=tvsearch&q=Breaking+Bad&season=2&ep=1"),
            (std::vector<std::string>{"Breaking.Bad.S02E01.720p.HDTV.x264-GRP"}));
  EXPECT_TRUE(titles("/torznab/api?t=tvsearch&q=Breaking+Bad&season=1&ep=9").empty());
}

TEST_F(TorznabControllerTest, ADailyShowIsFoundByItsAirDate) {
  EXPECT_EQ(titles("/torznab/api?t=tvsearch&q=The+Daily+Show&season=2024&ep=06/01"),
            (std::vector<std::string>{"The.Daily.Show.2024.06.01.720p.WEB.h264-GRP"}));
  EXPECT_TRUE(titles("/torznab/api?t=tvsearch&q=The+Daily+Show&season=2024&ep=06/02").empty());
}

TEST_F(TorznabControllerTest, RadarrIdSearchFindsTheIdentifiedMovieAndWithTextTheUnidentifiedToo) {
  EXPECT_EQ(titles("/torznab/api?t=movie&cat=2000,2010,2020,2030,2040,2045,2050,2060&extended=1&apikey=K&offset=0"
                   "&limit=100&tmdbid=603&imdbid=0133093"),
            (std::vector<std::string>{"The.Matrix.1999.1080p.BluRay.x264-GRP"}));
  EXPECT_EQ(titles("/torznab/api?t=movie&imdbid=tt0133093").size(), 1u);
  EXPECT_EQ(title_set("/torznab/api?t=movie&imdbid=0133093&q=The+Matrix"),
            (std::set<std::string>{"The.Matrix.1999.1080p.BluRay.x264-GRP", "The.Matrix.1999.720p.WEB.x264-OTHER"}));
  auto f = feed("/torznab/api?t=movie&imdbid=0133093");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].imdb_id, "tt0133093");
  EXPECT_EQ(f.items[0].tmdb_id, 603);
}

TEST_F(TorznabControllerTest, AParentCategoryIncludesItsChildren) {
  EXPECT_EQ(titles("/torznab/api?t=search&cat=2000").size(), 2u);
  EXPECT_EQ(titles("/torznab/api?t=search&cat=2040").size(), 2u);
  EXPECT_EQ(titles("/torznab/api?t=search&cat=3000"), (std::vector<std::string>{"Some.Artist-Some.Album-2020-FLAC"}));
  EXPECT_EQ(titles("/torznab/api?t=music"), (std::vector<std::string>{"Some.Artist-Some.Album-2020-FLAC"}));
  EXPECT_EQ(titles("/torznab/api?t=search&cat=5000,3000").size(), 8u);
  EXPECT_TRUE(titles("/torznab/api?t=search&cat=2045").empty());
  EXPECT_TRUE(titles("/torznab/api?t=book").empty());
  EXPECT_EQ(titles("/torznab/api?t=search").size(), 10u);  // no cat: everything
}

TEST_F(TorznabControllerTest, FreeTextMatchesWordsOfTheName) {
  EXPECT_EQ(title_set("/torznab/api?t=search&q=matrix+1080p"),
            (std::set<std::string>{"The.Matrix.1999.1080p.BluRay.x264-GRP"}));
  EXPECT_EQ(library_.queries().back().sort, library::SortOrder::relevance);
  EXPECT_TRUE(titles("/torznab/api?t=search&q=nothing+like+this").empty());
}

TEST_F(TorznabControllerTest, LimitAndOffsetPageThroughAndTheResponseSaysWhere) {
  auto f = feed("/torznab/api?t=tvsearch&limit=2&offset=1");
  EXPECT_EQ(f.offset, 1);
  EXPECT_EQ(f.total, 7);
  ASSERT_EQ(f.items.size(), 2u);
  EXPECT_EQ(f.items[0].title, "Breaking.Bad.S00E01.Special.720p.HDTV.x264-GRP");
  EXPECT_EQ(f.items[1].title, "Breaking.Bad.S02E01.720p.HDTV.x264-GRP");
  feed("/torznab/api?t=tvsearch&limit=500");
  EXPECT_EQ(library_.queries().back().limit, 100);
  feed("/torznab/api?t=tvsearch");
  EXPECT_EQ(library_.queries().back().limit, 100);
  EXPECT_TRUE(feed("/torznab/api?t=tvsearch&offset=7").items.empty());
}

TEST_F(TorznabControllerTest, AFilterHelmarrCannotHonourIsAnEmptyFeedWithoutTouchingTheLibrary) {
  const auto before = library_.queries().size();
  for (const char* q : {"t=tvsearch&tvmazeid=169", "t=tvsearch&rid=18164&season=1", "t=music&artist=Some+Artist",
                        "t=tvsearch&ep=5"}) {
    auto f = feed(std::string("/torznab/api?") + q);
    EXPECT_TRUE(f.items.empty()) << q;
    EXPECT_EQ(f.total, 0) << q;
  }
  EXPECT_EQ(library_.queries().size(), before);
}

TEST_F(TorznabControllerTest, RefusalsAreNewznabErrorsWithTheRightCodes) {
  auto unknown = error_of("/torznab/api?t=register&apikey=K");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.code, 202);
  EXPECT_EQ(unknown.description.rfind("No such function", 0), 0u);

  auto bad_limit = error_of("/torznab/api?t=search&limit=abc");
  EXPECT_EQ(bad_limit.status, 400);
  EXPECT_EQ(bad_limit.code, 201);
  EXPECT_NE(bad_limit.description.find("limit"), std::string::npos);

  auto bad_season = error_of("/torznab/api?t=tvsearch&season=x");
  EXPECT_EQ(bad_season.code, 201);
  EXPECT_NE(bad_season.description.find("season"), std::string::npos);

  auto no_function = error_of("/torznab/api?q=x");
  EXPECT_EQ(no_function.code, 200);
  EXPECT_EQ(no_function.status, 400);
}

TEST_F(TorznabControllerTest, ALibraryFailureIsAnErrorNotAnEmptyFeed) {
  library_.fail_next(Error{ErrorCode::unavailable, "the database is busy"});
  auto e = error_of("/torznab/api?t=search&q=x");
  EXPECT_EQ(e.status, 503);
  EXPECT_EQ(e.code, 900);
  EXPECT_EQ(e.description, "the database is busy");
}

TEST_F(TorznabControllerTest, LinksPointBackWhereTheClientReachedHelmarr) {
  const std::string hash = hex_for(7);
  auto at = [&](std::optional<std::string> host, std::optional<std::string> proto = std::nullopt) {
    auto res = get("/torznab/api?t=movie&imdbid=133093", host, proto);
    auto f = read_torznab_feed(res.body);
    EXPECT_EQ(f.items.size(), 1u);
    return f.items.empty() ? std::string() : f.items[0].guid;
  };
  EXPECT_EQ(at("helmarr.lan:8000"), "http://helmarr.lan:8000/api/torrents/" + hash);
  EXPECT_EQ(at("10.0.0.5:9117", "https"), "https://10.0.0.5:9117/api/torrents/" + hash);
  EXPECT_EQ(at("[::1]:8000"), "http://[::1]:8000/api/torrents/" + hash);
  EXPECT_EQ(at(std::nullopt), "http://fallback.example:8000/api/torrents/" + hash);
  EXPECT_EQ(at("evil.example/\"><x"), "http://fallback.example:8000/api/torrents/" + hash);
  EXPECT_EQ(at("user@evil.example"), "http://fallback.example:8000/api/torrents/" + hash);
}

// The whole way a request goes: key, rate limit, the worker pool (search is
// blocking), the Newznab dialect. Real authenticator on an in-memory store.
TEST(TorznabThroughThePipeline, TheKeyInTheQueryOpensItAndNoKeyIsMissingParameter) {
  constexpr const char* kKey = "torznab-test-key-0123456789";
  ManualClock clock;
  ManualTimers timers{clock};
  WorkerPool pool{1, 4};
  auto db = testing::migrated_memory_db();
  auto secrets = store::make_secret_repository(*db, clock);
  system::ApiKeyStore keys(*secrets, clock);
  ASSERT_TRUE(keys.initialise(std::string(kKey)));
  system::Authenticator auth(keys, clock);
  system::RateLimiter limiter(clock);
  limiter.configure("general", {100, std::chrono::seconds(60)});
  system::Metrics metrics;
  FakeLibrary library;
  library::TorrentRecord t;
  t.info_hash = *torrent::parse_info_hash_hex(hex_for(1));
  t.name = "Breaking.Bad.S01E01.720p.HDTV.x264-GRP";
  t.categories = {5000, 5040};
  library.add(t);
  TorznabController controller(library);
  http::Router router;
  controller.register_routes(router);
  Pipeline pipeline(router, auth, limiter, metrics, clock, pool, timers);
  ASSERT_TRUE(pipeline.check_routes());

  auto call = [&](const std::string& target) {
    auto req = std::make_shared<http::Request>();
    req->method = http::Method::get;
    req->target = target;
    EXPECT_TRUE(http::parse_target(target, req->path, req->query));
    req->remote_address = "10.0.0.9";
    req->headers.add("Host", "helmarr.lan:8000");
    return sync_wait(pipeline.handle(req));
  };

  auto ok = call(std::string("/api/torznab/api?t=tvsearch&cat=5030,5040&extended=1&apikey=") + kKey +
                 "&offset=0&limit=100");
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto feed = read_torznab_feed(ok.body);
  ASSERT_EQ(feed.error, "");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, t.name);

  auto missing = call("/torznab/api?t=caps");
  EXPECT_EQ(missing.status, 401);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(missing.body.c_str()));
  EXPECT_EQ(doc.child("error").attribute("code").as_int(), 200);
  EXPECT_STREQ(doc.child("error").attribute("description").value(), "Missing parameter");

  auto wrong = call("/torznab?t=caps&apikey=not-the-key-at-all");
  EXPECT_EQ(wrong.status, 401);
  ASSERT_TRUE(doc.load_string(wrong.body.c_str()));
  EXPECT_EQ(doc.child("error").attribute("code").as_int(), 100);

  auto unknown = call(std::string("/torznab/api?t=nope&apikey=") + kKey);
  EXPECT_EQ(unknown.status, 400);
  ASSERT_TRUE(doc.load_string(unknown.body.c_str()));
  EXPECT_EQ(doc.child("error").attribute("code").as_int(), 202);
}

TEST(TorznabBaseUrl, OnlyWellFormedHostsAreTrusted) {
  for (const char* good : {"helmarr", "helmarr.lan", "helmarr.lan:8000", "10.0.0.1", "10.0.0.1:1", "[::1]",
                           "[fe80::1]:65535", "my_host-1.example.com"})
    EXPECT_TRUE(is_valid_host(good)) << good;
  for (const char* bad : {"", "host:", "host:0", "host:65536", "host:80:80", "ho st", "host/path", "user@host",
                          "[::1", "[]", "[::1]x", "[::g]", "-host", ".host", "host\r\nX: y", "host?x"})
    EXPECT_FALSE(is_valid_host(bad)) << bad;
  EXPECT_FALSE(is_valid_host(std::string(256, 'a')));

  http::Request req;
  EXPECT_EQ(request_base_url(req, "https://helmarr.example///"), "https://helmarr.example");
  req.headers.add("Host", "helmarr.lan");
  EXPECT_EQ(request_base_url(req, "https://helmarr.example"), "https://helmarr.lan");  // the fallback's scheme
  req.headers.add("X-Forwarded-Proto", "http");
  EXPECT_EQ(request_base_url(req, "https://helmarr.example"), "http://helmarr.lan");
}

}  // namespace
}  // namespace helmarr::api::torznab
