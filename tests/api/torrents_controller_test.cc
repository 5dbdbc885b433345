// GET /api/torrents and GET /api/torrents/{info_hash} against the real
// library on an in-memory database: the seed's shapes, paging, filters, and
// a 400 naming the parameter for every bad value.
#include "api/dashboard/torrents_controller.h"

#include <gtest/gtest.h>

#include <regex>

#include <fmt/format.h>

#include "support/library_fixture.h"
#include "support/route_call.h"

#include "api/dashboard/torrent_json.h"
#include "torrent/magnet.h"

namespace helmarr::api {
namespace {

using testing::call_route;

std::string hex_hash(int i) { return fmt::format("{:040x}", 0xab00 + i); }

library::ImportRecord record(int i, std::string name, std::vector<library::TorrentFile> files,
                             std::optional<std::int64_t> seeders = {}) {
  library::ImportRecord r;
  r.info_hash = *torrent::parse_info_hash_hex(hex_hash(i));
  r.name = std::move(name);
  r.published_at = 1767225600 + i * 3600;  // 2026-01-01T00:00:00Z + i hours
  r.source = "import";
  r.files = std::move(files);
  r.seeders = seeders;
  if (seeders) r.leechers = *seeders / 10;
  return r;
}

class TorrentsControllerTest : public ::testing::Test {
 protected:
  void SetUp() override { controller_.register_routes(router_); }

  void add_sample() {
    const std::vector<library::ImportRecord> batch = {
        record(1, "Oppenheimer.2023.1080p.BluRay.x264-SPARKS",
               {{"oppenheimer.2023.1080p.bluray.x264-sparks.mkv", 15'000'000'000},
                {"oppenheimer.2023.1080p.bluray.x264-sparks.nfo", 5'000}},
               812),
        record(2, "Poor.Things.2023.2160p.WEB-DL.DDP5.1.Atmos.HDR10.H.265-FLUX",
               {{"Poor.Things.2023.2160p.WEB-DL.DDP5.1.Atmos.HDR10.H.265-FLUX.mkv", 20'000'000'000}}),
        record(3, "The.Bear.S03E01.Tomorrow.1080p.HULU.WEB-DL.DDP5.1.H.264-FLUX",
               {{"The.Bear.S03E01.Tomorrow.1080p.HULU.WEB-DL.DDP5.1.H.264-FLUX.mkv", 2'000'000'000}}, 40),
        record(4, "Shogun.2024.S01E01.Anjin.1080p.DSNP.WEB-DL.DDP5.1.H.264-NTb",
               {{"Shogun.2024.S01E01.Anjin.1080p.DSNP.WEB-DL.DDP5.1.H.264-NTb.mkv", 3'000'000'000}}),
        record(5, "Past.Lives.2023.720p.BluRay.x264-VETO", {{"past.lives.2023.720p.bluray.x264-veto.mkv", 4'000'000'000}}),
    };
    auto written = lib_.library->upsert(batch);
    ASSERT_TRUE(written) << written.error().message;
    ASSERT_EQ(written->imported, 5);
  }

  testing::CallResult get(const std::string& target) { return call_route(router_, http::Method::get, target); }

  // A 400 in the dashboard dialect whose message names the parameter.
  void expect_bad(const std::string& target, const std::string& parameter) {
    auto r = get(target);
    EXPECT_EQ(r.status, 400) << target << " " << r.text;
    EXPECT_EQ(r.body.value("error", ""), "invalid_request") << target;
    EXPECT_NE(r.body.value("message", "").find(parameter), std::string::npos) << target << ": " << r.text;
    EXPECT_EQ(r.body.size(), 2u) << "dashboard dialect is {error, message}: " << r.text;
  }

  testing::LibraryFixture lib_;
  dashboard::TorrentsController controller_{*lib_.library};
  http::Router router_;
};

TEST_F(TorrentsControllerTest, RoutesNeedTheKeyAnswerInTheDashboardDialectAndRunOnThePool) {
  for (const char* path : {"/api/torrents", "/api/torrents/0123456789abcdef0123456789abcdef01234567"}) {
    auto match = router_.match(http::Method::get, path);
    ASSERT_TRUE(match.route) << path;
    EXPECT_EQ(match.route->policy.access, http::Access::api_key) << path;
    EXPECT_EQ(match.route->policy.dialect, http::ErrorDialect::dashboard) << path;
    EXPECT_EQ(match.route->policy.execution, http::Execution::blocking) << path;
    EXPECT_EQ(match.route->policy.rate_category, "general") << path;
  }
}

TEST_F(TorrentsControllerTest, EmptyLibraryIsAnEmptyPage) {
  auto r = get("/api/torrents");
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_EQ(r.body, nlohmann::json::parse(R"({"totalCount":0,"totalCountIsEstimate":false,"items":[]})"));
}

TEST_F(TorrentsControllerTest, ItemsHaveExactlyTheSeedsFields) {
  add_sample();
  auto r = get("/api/torrents");
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_EQ(r.body["totalCount"], 5);
  EXPECT_EQ(r.body["totalCountIsEstimate"], false);
  ASSERT_EQ(r.body["items"].size(), 5u);
  const std::regex iso(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  for (const auto& item : r.body["items"]) {
    EXPECT_EQ(item.size(), 5u) << item.dump();
    EXPECT_TRUE(item["info_hash"].is_string());
    EXPECT_TRUE(item["title"].is_string());
    EXPECT_TRUE(item["content_type"].is_string());
    EXPECT_TRUE(item["size_bytes"].is_number_unsigned());
    ASSERT_TRUE(item["created_at"].is_string());
    EXPECT_TRUE(std::regex_match(item["created_at"].get<std::string>(), iso)) << item["created_at"];
  }
  // Without text the newest come first: record 5 was published last.
  const auto& newest = r.body["items"][0];
  EXPECT_EQ(newest["info_hash"], hex_hash(5));
  EXPECT_EQ(newest["title"], "Past.Lives.2023.720p.BluRay.x264-VETO");
  EXPECT_EQ(newest["content_type"], "movie");
  EXPECT_EQ(newest["size_bytes"], 4'000'000'000u);
  EXPECT_EQ(newest["created_at"], "2026-01-01T05:00:00.000Z");
}

TEST_F(TorrentsControllerTest, TextFindsTheTorrent) {
  add_sample();
  auto r = get("/api/torrents?q=oppenheimer");
  ASSERT_EQ(r.status, 200) << r.text;
  ASSERT_EQ(r.body["totalCount"], 1) << r.text;
  EXPECT_EQ(r.body["items"][0]["info_hash"], hex_hash(1));
  auto none = get("/api/torrents?q=nosuchword");
  EXPECT_EQ(none.body["totalCount"], 0);
  EXPECT_TRUE(none.body["items"].empty());
}

TEST_F(TorrentsControllerTest, ContentTypeFilters_AndTvIsTvShow) {
  add_sample();
  auto movies = get("/api/torrents?content_type=movie");
  ASSERT_EQ(movies.status, 200) << movies.text;
  EXPECT_EQ(movies.body["totalCount"], 3);
  for (const auto& item : movies.body["items"]) EXPECT_EQ(item["content_type"], "movie");
  auto tv = get("/api/torrents?content_type=tv_show");
  EXPECT_EQ(tv.body["totalCount"], 2);
  EXPECT_EQ(get("/api/torrents?content_type=tv").body, tv.body);
  EXPECT_EQ(get("/api/torrents?content_type=").body["totalCount"], 5) << "empty is no filter, the seed's default";
  EXPECT_EQ(get("/api/torrents?content_type=ebook").body["totalCount"], 0);
}

TEST_F(TorrentsControllerTest, LimitAndOffsetPage_TotalIsBeforePaging) {
  add_sample();
  auto first = get("/api/torrents?limit=2");
  ASSERT_EQ(first.status, 200) << first.text;
  EXPECT_EQ(first.body["totalCount"], 5);
  ASSERT_EQ(first.body["items"].size(), 2u);
  auto last = get("/api/torrents?limit=2&offset=4");
  EXPECT_EQ(last.body["totalCount"], 5);
  ASSERT_EQ(last.body["items"].size(), 1u);
  EXPECT_EQ(last.body["items"][0]["info_hash"], hex_hash(1));  // the oldest
  auto beyond = get("/api/torrents?offset=100");
  EXPECT_EQ(beyond.status, 200);
  EXPECT_TRUE(beyond.body["items"].empty());
  // The bounds themselves are allowed.
  EXPECT_EQ(get("/api/torrents?limit=1").body["items"].size(), 1u);
  EXPECT_EQ(get("/api/torrents?limit=500").body["items"].size(), 5u);
  EXPECT_EQ(get("/api/torrents?offset=0").body["items"].size(), 5u);
  // Other parameters (the key, cache busters) are not the controller's.
  EXPECT_EQ(get("/api/torrents?apikey=x&_=123").status, 200);
}

TEST_F(TorrentsControllerTest, EveryBadParameterIsA400NamingIt) {
  for (const char* v : {"0", "501", "-1", "abc", "", "1.5", " 5", "5 ", "+5", "99999999999999999999"})
    expect_bad(std::string("/api/torrents?limit=") + v, "limit");
  for (const char* v : {"-1", "x", "", "1e3", "2147483648"}) expect_bad(std::string("/api/torrents?offset=") + v, "offset");
  for (const char* v : {"films", "Movie", "tv%20show", "movie,tv_show"})
    expect_bad(std::string("/api/torrents?content_type=") + v, "content_type");
  expect_bad("/api/torrents?q=" + std::string(1001, 'a'), "q");
  expect_bad("/api/torrents?q=a%00b", "q");
  expect_bad("/api/torrents?q=a%0Ab", "q");
  expect_bad("/api/torrents?limit=5&limit=6", "limit");
  expect_bad("/api/torrents?q=a&q=b", "q");
}

TEST_F(TorrentsControllerTest, DetailHasTheSummaryAndTheRest) {
  add_sample();
  auto r = get("/api/torrents/" + hex_hash(1));
  ASSERT_EQ(r.status, 200) << r.text;
  const auto& d = r.body;
  // The summary, exactly as the list shows it.
  auto list = get("/api/torrents?q=oppenheimer");
  for (const auto& [k, v] : list.body["items"][0].items()) EXPECT_EQ(d[k], v) << k;

  EXPECT_EQ(d["magnet_uri"], torrent::make_magnet_uri(*torrent::parse_info_hash_hex(hex_hash(1)),
                                                      "Oppenheimer.2023.1080p.BluRay.x264-SPARKS", 15'000'005'000));
  EXPECT_EQ(d["magnet_uri"].get<std::string>().rfind("magnet:?xt=urn:btih:" + hex_hash(1), 0), 0u);
  ASSERT_EQ(d["files"].size(), 2u);
  EXPECT_EQ(d["files"][0], nlohmann::json({{"path", "oppenheimer.2023.1080p.bluray.x264-sparks.mkv"},
                                           {"size_bytes", 15'000'000'000u}}));
  EXPECT_EQ(d["file_count"], 2);
  EXPECT_EQ(d["evidence"], nlohmann::json::array());
  EXPECT_EQ(d["parsed"]["title"], "Oppenheimer");
  EXPECT_EQ(d["parsed"]["year"], 2023);
  EXPECT_EQ(d["parsed"]["resolution"], "1080p");
  EXPECT_EQ(d["parsed"]["group"], "SPARKS");
  ASSERT_TRUE(d["categories"].is_array());
  ASSERT_FALSE(d["categories"].empty());
  EXPECT_EQ(d["categories"][0], 2000);  // Newznab Movies
  EXPECT_EQ(d["seeders"], 812);
  EXPECT_EQ(d["leechers"], 81);
}

TEST_F(TorrentsControllerTest, DetailSwarmIsNullWhenNeverSeen) {
  add_sample();
  auto r = get("/api/torrents/" + hex_hash(2));
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_TRUE(r.body["seeders"].is_null());
  EXPECT_TRUE(r.body["leechers"].is_null());
}

TEST_F(TorrentsControllerTest, DetailAcceptsUpperCaseHex) {
  add_sample();
  std::string upper = hex_hash(3);
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto r = get("/api/torrents/" + upper);
  ASSERT_EQ(r.status, 200) << r.text;
  EXPECT_EQ(r.body["info_hash"], hex_hash(3));
}

TEST_F(TorrentsControllerTest, UnknownHashIs404_MalformedIs400) {
  add_sample();
  for (const std::string& hash : {hex_hash(99), std::string(64, 'c')}) {
    auto r = get("/api/torrents/" + hash);
    EXPECT_EQ(r.status, 404) << hash << " " << r.text;
    EXPECT_EQ(r.body.value("error", ""), "not_found");
    EXPECT_EQ(r.body.size(), 2u);
  }
  for (const std::string& bad : {std::string("abc"), std::string(41, 'a'), std::string(39, 'a'), std::string(63, 'a'),
                                std::string(40, 'g'), std::string(39, 'a') + "-"}) {
    auto r = get("/api/torrents/" + bad);
    EXPECT_EQ(r.status, 400) << bad << " " << r.text;
    EXPECT_NE(r.body.value("message", "").find("info_hash"), std::string::npos) << r.text;
  }
}

TEST(TorrentJson, SummaryOfARecordWithoutPublishedAtUsesFirstSeen) {
  library::TorrentRecord t;
  t.info_hash = *torrent::parse_info_hash_hex(std::string(64, 'e'));  // v2 only: shown as 64 hex digits
  t.name = "x";
  t.first_seen = 1767225600;
  auto j = dashboard::torrent_summary_json(t);
  EXPECT_EQ(j["info_hash"], std::string(64, 'e'));
  EXPECT_EQ(j["created_at"], "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(j["content_type"], "unknown");
}

}  // namespace
}  // namespace helmarr::api
