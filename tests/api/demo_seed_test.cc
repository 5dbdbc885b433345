// The demo library and POST /api/seed-demo against the real library: what the
// demo holds, that the library classifies it as meant, and that seeding twice
// updates the same torrents instead of adding copies.
#include "api/dashboard/seed_demo_controller.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "support/library_fixture.h"
#include "support/route_call.h"

#include "api/dashboard/torrents_controller.h"
#include "library/demo_seed.h"

namespace helmarr::api {
namespace {

using testing::call_route;

TEST(DemoRecords, AboutFiftyDistinctTorrentsOfEveryKindWithFiles) {
  const auto demo = library::demo_records();
  EXPECT_GE(demo.size(), 45u);
  EXPECT_LE(demo.size(), 60u);
  std::set<std::string> hashes, names;
  std::map<media::ContentType, int> kinds;
  int packs = 0;
  for (const auto& r : demo) {
    EXPECT_TRUE(hashes.insert(r.info_hash.hex()).second) << r.name;
    EXPECT_TRUE(names.insert(r.name).second) << r.name;
    EXPECT_TRUE(r.info_hash.v1.has_value()) << r.name;
    EXPECT_EQ(r.source, "demo");
    ASSERT_TRUE(r.content_type) << r.name;
    ++kinds[*r.content_type];
    ASSERT_TRUE(r.files && !r.files->empty()) << r.name;
    for (const auto& f : *r.files) {
      EXPECT_FALSE(f.path.empty()) << r.name;
      EXPECT_GT(f.size, 0u) << r.name << " " << f.path;
    }
    if (*r.content_type == media::ContentType::tv_show && r.files->size() >= 7) ++packs;
    EXPECT_TRUE(r.seeders && r.leechers) << r.name;
    EXPECT_TRUE(r.published_at) << r.name;
  }
  using T = media::ContentType;
  for (auto kind : {T::movie, T::tv_show, T::music, T::ebook, T::audiobook, T::comic, T::software})
    EXPECT_GT(kinds[kind], 0) << media::to_string(kind);
  EXPECT_GE(kinds[T::movie], 8);
  EXPECT_GE(kinds[T::tv_show], 15);  // episodes, season packs and anime
  EXPECT_GE(packs, 5);
}

TEST(DemoRecords, TheSameOnEveryCall) {
  const auto a = library::demo_records();
  const auto b = library::demo_records();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].info_hash, b[i].info_hash);
    EXPECT_EQ(a[i].name, b[i].name);
    EXPECT_EQ(a[i].published_at, b[i].published_at);
  }
}

TEST(DemoSeed, SeedingTwiceUpdatesAndNeverDuplicates) {
  testing::LibraryFixture lib;
  const auto n = static_cast<std::int64_t>(library::demo_records().size());
  auto first = library::seed_demo(*lib.library);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->torrents, n);
  EXPECT_EQ(first->written.imported, n);
  EXPECT_EQ(first->written.updated, 0);
  auto second = library::seed_demo(*lib.library);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->written.imported, 0);
  EXPECT_EQ(second->written.updated, n);
  auto counts = lib.library->counts();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->torrents, n);
}

TEST(DemoSeed, TheLibraryClassifiesEachAsMeant) {
  testing::LibraryFixture lib;
  ASSERT_TRUE(library::seed_demo(*lib.library));
  for (const auto& r : library::demo_records()) {
    auto found = lib.library->find(r.info_hash);
    ASSERT_TRUE(found && *found) << r.name;
    const auto& t = (*found)->torrent;
    EXPECT_EQ(media::to_string(t.content_type), media::to_string(*r.content_type)) << r.name;
    EXPECT_FALSE(t.categories.empty()) << r.name;
    std::uint64_t sum = 0;
    for (const auto& f : *r.files) sum += f.size;
    EXPECT_EQ(t.size, sum) << r.name;
    EXPECT_EQ((*found)->files.size(), r.files->size()) << r.name;
  }
}

class SeedDemoControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    seed_.register_routes(router_);
    torrents_.register_routes(router_);
  }
  testing::LibraryFixture lib_;
  dashboard::SeedDemoController seed_{*lib_.library};
  dashboard::TorrentsController torrents_{*lib_.library};
  http::Router router_;
};

TEST_F(SeedDemoControllerTest, RouteIsAPostThatNeedsTheKeyAndRunsOnThePool) {
  auto match = router_.match(http::Method::post, "/api/seed-demo");
  ASSERT_TRUE(match.route);
  EXPECT_EQ(match.route->policy.access, http::Access::api_key);
  EXPECT_EQ(match.route->policy.execution, http::Execution::blocking);
  EXPECT_FALSE(router_.match(http::Method::get, "/api/seed-demo").route);
}

TEST_F(SeedDemoControllerTest, AnswersTheSeedsShapeAndIsIdempotent) {
  const auto n = library::demo_records().size();
  const auto expected = nlohmann::json({{"seeded", true}, {"counts", {{"torrents", n}}}});
  for (int call = 0; call < 2; ++call) {
    auto r = call_route(router_, http::Method::post, "/api/seed-demo");
    ASSERT_EQ(r.status, 200) << r.text;
    EXPECT_EQ(r.body, expected);
    auto list = call_route(router_, http::Method::get, "/api/torrents?limit=1");
    EXPECT_EQ(list.body["totalCount"], n) << "after call " << call + 1;
  }
  auto movies = call_route(router_, http::Method::get, "/api/torrents?q=oppenheimer");
  ASSERT_EQ(movies.body["totalCount"], 1) << movies.text;
  EXPECT_EQ(movies.body["items"][0]["title"], "Oppenheimer.2023.1080p.BluRay.x264-SPARKS");
}

}  // namespace
}  // namespace helmarr::api
