#include <gtest/gtest.h>

#include <algorithm>

#include <fmt/format.h>

#include "library/ts_expression.h"
#include "support/library_fixture.h"
#include "support/mixed_library.h"

namespace helmarr::library {
namespace {

using helmarr::testing::LibraryFixture;

torrent::InfoHash hash_of(int n) {
  auto h = torrent::parse_info_hash_hex(fmt::format("{:040x}", n));
  return *h;
}

ImportRecord record(int n, std::string name, std::optional<std::uint64_t> size = 1'000'000'000) {
  ImportRecord r;
  r.info_hash = hash_of(n);
  r.name = std::move(name);
  r.size = size;
  r.source = "test";
  return r;
}

std::vector<std::string> names(const SearchPage& p) {
  std::vector<std::string> out;
  for (const auto& i : p.items) out.push_back(i.name);
  return out;
}

// The library's behaviour on each engine.
class LibraryTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void add(std::vector<ImportRecord> batch) {
    auto done = f.library->upsert(batch);
    ASSERT_TRUE(done) << done.error().message;
  }
  SearchPage search(SearchQuery q) {
    auto page = f.library->search(q);
    EXPECT_TRUE(page) << page.error().message;
    return page ? *page : SearchPage{};
  }
  SearchPage text(std::string t) { return search({.text = std::move(t)}); }

  LibraryFixture f{{}, GetParam()};
};
INSTANTIATE_TEST_SUITE_P(Engines, LibraryTest, ::testing::Values(store::Dialect::sqlite, store::Dialect::postgres),
                         [](const auto& info) { return std::string(store::dialect_name(info.param)); });

TEST_P(LibraryTest, ImportsParsesAndClassifies) {
  add({record(1, "The.Expanse.S01E02.1080p.WEB-DL.x264-GRP")});
  auto found = f.library->find(hash_of(1));
  ASSERT_TRUE(found && *found);
  const auto& t = (*found)->torrent;
  EXPECT_EQ(t.name, "The.Expanse.S01E02.1080p.WEB-DL.x264-GRP");
  EXPECT_EQ(t.content_type, media::ContentType::tv_show);
  EXPECT_EQ(t.title, "The Expanse");
  EXPECT_EQ(t.season, 1);
  EXPECT_EQ(t.episodes, std::vector<int>{2});
  EXPECT_EQ(t.resolution, "1080p");
  EXPECT_EQ(t.group, "GRP");
  EXPECT_TRUE(std::find(t.categories.begin(), t.categories.end(), 5040) != t.categories.end());
  EXPECT_EQ(t.sources, std::vector<std::string>{"test"});
  EXPECT_EQ(t.info_hash, hash_of(1));
}

TEST_P(LibraryTest, ReimportUpdatesNeverDuplicates) {
  add({record(1, "Some.Movie.2019.720p.BluRay.x264-AAA")});
  auto r = record(1, "Some.Movie.2019.1080p.BluRay.x264-AAA");
  r.seeders = 12;
  r.source = "dht";
  auto second = f.library->upsert(std::vector<ImportRecord>{r});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->imported, 0);
  EXPECT_EQ(second->updated, 1);
  auto counts = f.library->counts();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->torrents, 1);
  // The index follows the new name: the old resolution no longer matches.
  EXPECT_TRUE(text("720p").items.empty());
  ASSERT_EQ(text("1080p").items.size(), 1u);
  const auto t = text("1080p").items[0];
  EXPECT_EQ(t.seeders, 12);
  EXPECT_EQ(t.sources, (std::vector<std::string>{"test", "dht"}));
}

TEST_P(LibraryTest, DuplicateInOneBatchIsOneTorrent) {
  auto done = f.library->upsert(std::vector<ImportRecord>{record(7, "A.Show.S01E01.720p.HDTV-X"),
                                                          record(7, "A.Show.S01E01.720p.HDTV-X")});
  ASSERT_TRUE(done);
  EXPECT_EQ(done->imported, 1);
  EXPECT_EQ(done->updated, 1);
  EXPECT_EQ(f.library->counts()->torrents, 1);
}

TEST_P(LibraryTest, WordsPhrasesExclusionsPrefixes) {
  add({record(1, "The.Expanse.S01E02.1080p.WEB-DL.x264-GRP"), record(2, "Expanse.Documentary.2020.720p.WEB"),
       record(3, "The.Walking.Dead.S05E01.1080p.HDTV"), record(4, "Amélie.2001.1080p.BluRay.x264")});
  EXPECT_EQ(text("expanse").items.size(), 2u);
  EXPECT_EQ(names(text("the expanse")), std::vector<std::string>{"The.Expanse.S01E02.1080p.WEB-DL.x264-GRP"});
  EXPECT_EQ(text("\"walking dead\"").items.size(), 1u);
  EXPECT_TRUE(text("\"dead walking\"").items.empty());
  EXPECT_EQ(names(text("1080p -expanse -walking")), std::vector<std::string>{"Amélie.2001.1080p.BluRay.x264"});
  EXPECT_EQ(text("expa*").items.size(), 2u);
  EXPECT_EQ(text("AMELIE").items.size(), 1u);  // case and accents folded
  EXPECT_EQ(text("web-dl").items.size(), 1u);  // a hyphenated word is a phrase of its parts
  EXPECT_EQ(text("s01e02").items.size(), 1u);
  EXPECT_EQ(text("-expanse").items.size(), 2u);  // exclusions alone: everything else
  EXPECT_TRUE(text("name:expanse OR NEAR(").items.empty());  // FTS5 syntax is only words here
}

TEST_P(LibraryTest, RelevancePrefersTheTitleThatIsTheQuery) {
  add({record(1, "Dark.Matter.S01E01.720p.HDTV"), record(2, "Dark.S01E01.1080p.WEB"),
       record(3, "The.Dark.Knight.2008.1080p.BluRay")});
  const auto page = text("dark");
  ASSERT_EQ(page.items.size(), 3u);
  EXPECT_EQ(page.items[0].name, "Dark.S01E01.1080p.WEB");
}

TEST_P(LibraryTest, SeasonAndEpisodeSearches) {
  add({record(1, "Show.Name.S02E03.720p.HDTV-A"), record(2, "Show.Name.S02.1080p.WEB-DL-B"),
       record(3, "Show.Name.S03E03.720p.HDTV-A"), record(4, "Show.Name.S02E04.720p.HDTV-A"),
       record(5, "Show.Name.S00E01.Special.720p.HDTV-A"), record(6, "Show.Name.S01-S03.Complete.1080p.WEB-C")});
  auto season2 = names(search({.text = "show name", .season = 2}));
  std::sort(season2.begin(), season2.end());
  EXPECT_EQ(season2, (std::vector<std::string>{"Show.Name.S01-S03.Complete.1080p.WEB-C", "Show.Name.S02.1080p.WEB-DL-B",
                                               "Show.Name.S02E03.720p.HDTV-A", "Show.Name.S02E04.720p.HDTV-A"}));
  EXPECT_EQ(names(search({.text = "show name", .season = 2, .episode = 3})),
            std::vector<std::string>{"Show.Name.S02E03.720p.HDTV-A"});
  EXPECT_EQ(names(search({.text = "show name", .season = 0})),
            std::vector<std::string>{"Show.Name.S00E01.Special.720p.HDTV-A"});
  EXPECT_TRUE(search({.text = "show name", .episode = 3}).items.empty());
}

TEST_P(LibraryTest, FiltersOnTypeCategoryYearResolution) {
  add({record(1, "Some.Movie.2019.2160p.UHD.BluRay.x265-A"), record(2, "Some.Movie.2019.720p.BluRay.x264-B"),
       record(3, "Other.Film.2018.1080p.WEB-DL-C"), record(4, "A.Show.S01E01.1080p.WEB-DL-D")});
  EXPECT_EQ(search({.content_types = {media::ContentType::movie}}).items.size(), 3u);
  EXPECT_EQ(search({.categories = {5000}}).items.size(), 1u);  // a parent holds its children
  EXPECT_EQ(names(search({.categories = {2045}})), std::vector<std::string>{"Some.Movie.2019.2160p.UHD.BluRay.x265-A"});
  EXPECT_EQ(search({.year = 2019}).items.size(), 2u);
  EXPECT_EQ(search({.text = "movie", .resolutions = {"720p"}}).items.size(), 1u);
  EXPECT_EQ(search({.info_hash = hash_of(3)}).items.size(), 1u);
  EXPECT_TRUE(search({.text = "movie", .info_hash = hash_of(3)}).items.empty());
}

TEST_P(LibraryTest, EmptyQueryIsNewestFirstWithExactTotals) {
  for (int i = 1; i <= 30; ++i) add({record(i, fmt::format("Movie.Number.{}.2010.720p.BluRay-G", i))});
  const auto page = search({.limit = 10, .offset = 5});
  ASSERT_EQ(page.items.size(), 10u);
  EXPECT_EQ(page.items[0].name, "Movie.Number.25.2010.720p.BluRay-G");
  EXPECT_EQ(page.total, 30);
  EXPECT_FALSE(page.total_estimated);
  const auto filtered = search({.categories = {2000}, .limit = 5});
  EXPECT_EQ(filtered.items[0].name, "Movie.Number.30.2010.720p.BluRay-G");
  EXPECT_EQ(filtered.total, 30);
}

TEST_P(LibraryTest, LargeMatchSetsGiveAnEstimatedTotal) {
  std::vector<ImportRecord> batch;
  for (int i = 1; i <= 5000; ++i) batch.push_back(record(i, fmt::format("Title{}.S01E01.1080p.WEB-DL-G", i)));
  add(batch);
  const auto page = text("1080p");
  EXPECT_TRUE(page.total_estimated);
  EXPECT_NEAR(static_cast<double>(page.total), 5000.0, 500.0);
  const auto exact = text("title77");
  EXPECT_FALSE(exact.total_estimated);
  EXPECT_EQ(exact.total, 1);
}

TEST_P(LibraryTest, SortsBySizeAndSeeders) {
  auto a = record(1, "Alpha.2010.720p.BluRay", 5);
  a.seeders = 1;
  auto b = record(2, "Alpha.2011.720p.BluRay", 50);
  b.seeders = 100;
  auto c = record(3, "Alpha.2012.720p.BluRay", 500);
  add({a, b, c});
  EXPECT_EQ(search({.text = "alpha", .sort = SortOrder::size}).items[0].name, "Alpha.2012.720p.BluRay");
  EXPECT_EQ(search({.text = "alpha", .sort = SortOrder::seeders}).items[0].name, "Alpha.2011.720p.BluRay");
  EXPECT_EQ(search({.sort = SortOrder::size}).items[0].name, "Alpha.2012.720p.BluRay");
}

TEST_P(LibraryTest, FilesAreBoundedAndCountsFollowContentType) {
  auto r = record(1, "Artist - Album (2001) [FLAC]", std::nullopt);
  std::vector<TorrentFile> files;
  for (int i = 0; i < 150; ++i) files.push_back({fmt::format("{:02} - Track.flac", i), 30'000'000});
  r.files = files;
  add({r});
  auto found = f.library->find(hash_of(1));
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->files.size(), 100u);
  EXPECT_EQ((*found)->torrent.file_count, 150u);
  EXPECT_EQ((*found)->torrent.size, std::uint64_t{150} * 30000000);
  EXPECT_EQ((*found)->torrent.content_type, media::ContentType::music);
  auto counts = f.library->counts();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->by_content_type, (std::vector<std::pair<std::string, std::int64_t>>{{"music", 1}}));
  EXPECT_EQ(counts->releases, 1);
}

TEST_P(LibraryTest, FacetsCountByContentType) {
  add({record(1, "Red.2010.720p.BluRay"), record(2, "Red.S01E01.720p.HDTV"), record(3, "Red.2011.1080p.BluRay")});
  const auto page = search({.text = "red", .facets = true});
  EXPECT_EQ(page.facets, (std::vector<std::pair<std::string, std::int64_t>>{{"movie", 2}, {"tv_show", 1}}));
}

TEST_P(LibraryTest, BadPagingIsRefusedNamingTheParameter) {
  auto page = f.library->search({.limit = 0});
  ASSERT_FALSE(page);
  EXPECT_NE(page.error().message.find("limit"), std::string::npos);
  page = f.library->search({.offset = -1});
  ASSERT_FALSE(page);
  EXPECT_NE(page.error().message.find("offset"), std::string::npos);
}

TEST_P(LibraryTest, UnknownTorrentIsEmpty) {
  auto found = f.library->find(hash_of(99));
  ASSERT_TRUE(found);
  EXPECT_FALSE(*found);
}

}  // namespace
}  // namespace helmarr::library

namespace helmarr::library {
namespace {

TEST(SqliteLibraryCounters, CategoryOnlyQueriesHaveExactTotalsFromCounters) {
  testing::LibraryFixture f;
  std::vector<ImportRecord> batch;
  for (int i = 1; i <= 2600; ++i) {
    ImportRecord r;
    r.info_hash = *torrent::parse_info_hash_hex(fmt::format("{:040x}", i));
    r.name = i % 2 ? fmt::format("Show{}.S01E01.480p.HDTV-G", i) : fmt::format("Show{}.S01E01.1080p.WEB-DL-G", i);
    r.size = 1000;
    batch.push_back(std::move(r));
  }
  ASSERT_TRUE(f.library->upsert(batch));
  auto page = f.library->search({.categories = {5000, 5040}, .sort = SortOrder::newest});
  ASSERT_TRUE(page);
  EXPECT_FALSE(page->total_estimated);
  EXPECT_EQ(page->total, 2600);  // 5040 is inside 5000: counted once
  page = f.library->search({.categories = {5040}});
  ASSERT_TRUE(page);
  EXPECT_FALSE(page->total_estimated);
  EXPECT_EQ(page->total, 1300);
  page = f.library->search({.content_types = {media::ContentType::tv_show}});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 2600);
  EXPECT_FALSE(page->total_estimated);
}

}  // namespace
}  // namespace helmarr::library

namespace helmarr::library {
namespace {

// Common words go to the rows, not the index: the answers are the same.
TEST(SqliteLibraryCommonWords, CheckedOnRowsGiveTheSameMatches) {
  testing::LibraryFixture f(LibraryOptions{.common_word_floor = 10});
  std::vector<ImportRecord> batch;
  for (int i = 1; i <= 200; ++i) {
    ImportRecord r;
    r.info_hash = *torrent::parse_info_hash_hex(fmt::format("{:040x}", i));
    if (i % 40 == 0) {
      r.name = fmt::format("The.Office.S03E{:02}.720p.HDTV-G", i / 40);  // 5: "the" and "office"
    } else if (i % 41 == 0) {
      r.name = "Office.Space.1999.1080p.BluRay-G";  // "office" without "the"
    } else {
      r.name = fmt::format("The.Show{}.S01E01.1080p.WEB-DL-G", i);  // "the" everywhere
    }
    r.size = 1000;
    batch.push_back(std::move(r));
  }
  ASSERT_TRUE(f.library->upsert(batch));
  auto page = f.library->search({.text = "the office"});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->items.size(), 5u);
  EXPECT_EQ(page->total, 5);
  for (const auto& t : page->items) EXPECT_NE(t.name.find("The.Office"), std::string::npos) << t.name;
  page = f.library->search({.text = "the office", .season = 3, .episode = 2});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].name, "The.Office.S03E02.720p.HDTV-G");
  // Categories are checked on the rows too: the same answers as the index gives.
  page = f.library->search({.text = "the office", .categories = {5040}, .season = 3, .episode = 2});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->items.size(), 1u);
  page = f.library->search({.text = "office", .categories = {5030, 2000}, .season = 3, .episode = 2});
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->items.empty());
  page = f.library->search({.text = "office", .content_types = {media::ContentType::movie}, .year = 1999});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 4u);  // four torrents of that name (41, 82, 123, 164)
  for (const auto& t : page->items) EXPECT_EQ(t.name, "Office.Space.1999.1080p.BluRay-G");
  // Only common words: nothing selective is left, so the index does it all.
  page = f.library->search({.text = "the 1080p", .limit = 500});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 191);  // every The.Show (not the Office, not Office Space)
}

}  // namespace
}  // namespace helmarr::library

namespace helmarr::library {
namespace {

using testing::describe;
using testing::mixed_queries;
using testing::mixed_torrents;

// The plans that check part of a query on rows (common words, filters,
// chunked reading, giving way when too few rows hold the rest) answer what
// the whole query in the index answers: the same items in the same order,
// the same exact totals.
TEST(SqliteLibraryPlans, RowChecksAnswerWhatTheIndexAnswers) {
  // Small floors and budgets so that 3,000 torrents exercise every plan.
  testing::LibraryFixture f(LibraryOptions{.common_word_floor = 10, .scan_budget = 300});
  auto index_only = make_library(*f.db, f.classifier, f.clock, LibraryOptions{.common_word_floor = 1'000'000'000});
  ASSERT_TRUE(f.library->upsert(mixed_torrents()));
  const auto queries = mixed_queries();
  std::size_t compared = 0;
  for (const auto& q : queries) {
    auto planned = f.library->search(q);
    auto whole = index_only->search(q);
    ASSERT_TRUE(planned && whole) << describe(q);
    std::vector<std::int64_t> a, b;
    for (const auto& t : planned->items) a.push_back(t.id);
    for (const auto& t : whole->items) b.push_back(t.id);
    EXPECT_EQ(a, b) << describe(q);
    EXPECT_FALSE(whole->total_estimated) << describe(q);
    EXPECT_FALSE(planned->total_estimated) << describe(q);
    EXPECT_EQ(planned->total, whole->total) << describe(q);
    compared += a.empty() ? 0 : 1;
  }
  EXPECT_GT(compared, queries.size() * 3 / 4);  // the queries find things
}

}  // namespace
}  // namespace helmarr::library

namespace helmarr::library {
namespace {

// The same torrents on SQLite and on PostgreSQL answer every query the same:
// the same items in the same order, the same exact totals.
TEST(LibraryEngines, PostgresAnswersWhatSqliteAnswers) {
  testing::LibraryFixture lite;
  testing::LibraryFixture pg({}, store::Dialect::postgres);
  const auto batch = mixed_torrents();
  ASSERT_TRUE(lite.library->upsert(batch));
  auto written = pg.library->upsert(batch);
  ASSERT_TRUE(written) << written.error().message;
  EXPECT_EQ(written->imported, 3000);
  auto queries = mixed_queries();
  queries.push_back({.text = "offi*", .limit = 500});
  queries.push_back({.text = "\"the wire\" -720p", .sort = SortOrder::newest, .limit = 500});
  queries.push_back({.text = "-1080p", .categories = {2000}, .limit = 500});
  queries.push_back({.categories = {5030}, .sort = SortOrder::seeders});
  testing::expect_same_answers(*lite.library, *pg.library, queries);
  testing::expect_same_counts(*lite.library, *pg.library);
}

TEST(LibraryEngines, PostgresWindowsOverSparseIdsAnswerWhatSqliteAnswers) {
  testing::LibraryFixture lite;
  testing::LibraryFixture pg({}, store::Dialect::postgres);
  const auto batch = testing::mixed_torrents();
  ASSERT_TRUE(lite.library->upsert(batch));
  const std::int64_t gaps[] = {1, 5000, 70000, 300000, 3000000};
  std::int64_t next = 1;
  for (std::size_t at = 0, k = 0; at < batch.size(); at += 100, ++k) {
    ASSERT_TRUE(pg.db->execute(fmt::format("ALTER TABLE torrents ALTER COLUMN id RESTART WITH {}", next)));
    const std::span<const ImportRecord> chunk(batch.data() + at, std::min<std::size_t>(100, batch.size() - at));
    ASSERT_TRUE(pg.library->upsert(chunk));
    next += 100 + gaps[k % std::size(gaps)];
  }
  auto top = pg.db->query("SELECT max(id) FROM torrents");
  ASSERT_TRUE(top && !top->empty());
  EXPECT_GT(top->front().int_at(0), 15'000'000);  // thousands of buckets, most of them empty
  // Each row holds its buckets: the first two chunks are in bucket 0.
  auto held = pg.db->query("SELECT count(*) FROM torrents WHERE words @@ '~b0'::tsquery");
  ASSERT_TRUE(held && !held->empty());
  EXPECT_EQ(held->front().int_at(0), 200);
  auto queries = testing::mixed_queries();
  queries.push_back({.text = "the", .sort = SortOrder::newest, .limit = 500});
  queries.push_back({.text = "dune", .sort = SortOrder::newest, .limit = 200, .offset = 300});
  queries.push_back({.text = "-1080p", .categories = {2000}, .limit = 500});
  queries.push_back({.text = "fargo 2160p", .sort = SortOrder::seeders});
  testing::expect_same_answers(*lite.library, *pg.library, queries, testing::Estimates::may_differ);
}

// The commonest words and filters checked on rows (a floor low enough for
// 3,000 torrents, planner statistics taken), with a scan budget small
// enough that searches move on to fuller forms of the query: the same
// answers as SQLite.
TEST(LibraryEngines, PostgresRowChecksAnswerWhatSqliteAnswers) {
  testing::LibraryFixture lite;
  testing::LibraryFixture pg({.common_word_floor = 50, .scan_budget = 300}, store::Dialect::postgres);
  const auto batch = testing::mixed_torrents();
  ASSERT_TRUE(lite.library->upsert(batch));
  ASSERT_TRUE(pg.library->upsert(batch));
  ASSERT_TRUE(pg.db->execute("ANALYZE torrents"));
  auto queries = testing::mixed_queries();
  queries.push_back({.text = "the 1080p -web", .sort = SortOrder::newest, .limit = 500});
  queries.push_back({.text = "office 2160p", .categories = {5000}, .limit = 500});
  queries.push_back({.text = "wire bluray", .sort = SortOrder::size});
  testing::expect_same_answers(*lite.library, *pg.library, queries);
}

}  // namespace
}  // namespace helmarr::library
