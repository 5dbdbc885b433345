// Copying a library between engines: the copy answers every query as the
// source does, holds the same files and counters, continues its ids, and an
// interrupted copy resumes.
#include <gtest/gtest.h>

#include "support/library_fixture.h"
#include "support/mixed_library.h"

namespace helmarr::library {
namespace {

using store::Dialect;

// mixed_torrents, every third with files.
std::vector<ImportRecord> torrents_with_files() {
  auto batch = testing::mixed_torrents();
  for (std::size_t i = 0; i < batch.size(); i += 3) {
    batch[i].files = std::vector<TorrentFile>{{batch[i].name + "/a.mkv", 600}, {batch[i].name + "/b.nfo", 400}};
  }
  return batch;
}

std::int64_t count(store::Database& db, const std::string& table) {
  auto rows = db.query("SELECT count(*) FROM " + table);
  return rows && !rows->empty() ? rows->front().int_at(0) : -1;
}

struct Copy : ::testing::TestWithParam<std::pair<Dialect, Dialect>> {
  testing::LibraryFixture from{{}, GetParam().first};
  testing::LibraryFixture to{{}, GetParam().second};
};

TEST_P(Copy, TheCopyAnswersWhatTheSourceAnswers) {
  ASSERT_TRUE(from.library->upsert(torrents_with_files()));
  std::vector<std::pair<std::int64_t, std::int64_t>> seen;
  auto copied = copy_library(*from.db, *to.db, to.classifier, to.clock, 700,
                             [&](std::int64_t done, std::int64_t total) { seen.emplace_back(done, total); });
  ASSERT_TRUE(copied) << copied.error().message;
  EXPECT_EQ(copied->torrents, 3000);
  EXPECT_EQ(copied->files, 2000);
  EXPECT_EQ(copied->resumed_after, 0);
  EXPECT_EQ(seen, (std::vector<std::pair<std::int64_t, std::int64_t>>{
                      {700, 3000}, {1400, 3000}, {2100, 3000}, {2800, 3000}, {3000, 3000}}));
  EXPECT_EQ(count(*to.db, "torrent_files"), 2000);
  auto queries = testing::mixed_queries();
  queries.push_back({.text = "wir*", .limit = 500});
  queries.push_back({.text = "\"the office\" -720p", .sort = SortOrder::seeders});
  testing::expect_same_answers(*from.library, *to.library, queries);
  testing::expect_same_counts(*from.library, *to.library);
  // A torrent's files and details came across.
  auto detail = to.library->find(testing::mixed_torrents()[3].info_hash);
  ASSERT_TRUE(detail && *detail);
  EXPECT_EQ((*detail)->files.size(), 2u);
  // New torrents get ids after the copied ones, and are found.
  ImportRecord fresh;
  fresh.info_hash = *torrent::parse_info_hash_hex(std::string(40, 'f'));
  fresh.name = "Brand.New.Show.S01E01.1080p.WEB-DL-GRP";
  fresh.size = 5;
  auto written = to.library->upsert(std::vector<ImportRecord>{fresh});
  ASSERT_TRUE(written) << written.error().message;
  EXPECT_EQ(written->imported, 1);
  auto page = to.library->search({.text = "brand new show"});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(count(*to.db, "torrents"), 3001);
}

TEST_P(Copy, AnInterruptedCopyResumesAfterWhatItCommitted) {
  ASSERT_TRUE(from.library->upsert(torrents_with_files()));
  // The first run stopped after its second batch: what it committed is
  // the source's first 1,000 torrents and their files.
  ASSERT_TRUE(copy_library(*from.db, *to.db, to.classifier, to.clock, 500, nullptr));
  ASSERT_TRUE(to.db->execute("DELETE FROM torrent_files WHERE torrent_id > (SELECT id FROM torrents ORDER BY id "
                             "LIMIT 1 OFFSET 999)"));
  if (to.db->dialect() == Dialect::sqlite) {
    // The SQLite index must lose the rows too, as a rolled-back batch's would.
    ASSERT_TRUE(to.db->execute("INSERT INTO torrents_fts(torrents_fts, rowid, name, terms) SELECT 'delete', id, name, "
                               "terms FROM torrents WHERE id > (SELECT id FROM torrents ORDER BY id LIMIT 1 OFFSET 999)"));
  }
  ASSERT_TRUE(to.db->execute("DELETE FROM torrents WHERE id > (SELECT id FROM torrents ORDER BY id LIMIT 1 OFFSET 999)"));
  ASSERT_TRUE(to.db->execute("DELETE FROM library_counters"));
  ASSERT_EQ(count(*to.db, "torrents"), 1000);
  auto resumed = copy_library(*from.db, *to.db, to.classifier, to.clock, 500, nullptr);
  ASSERT_TRUE(resumed) << resumed.error().message;
  EXPECT_EQ(resumed->resumed_after, 1000);
  EXPECT_EQ(resumed->torrents, 2000);
  EXPECT_EQ(count(*to.db, "torrents"), 3000);
  EXPECT_EQ(count(*to.db, "torrent_files"), 2000);
  testing::expect_same_answers(*from.library, *to.library, testing::mixed_queries());
  testing::expect_same_counts(*from.library, *to.library);
}

TEST_P(Copy, ATargetHoldingAnotherLibraryIsRefused) {
  ASSERT_TRUE(from.library->upsert(testing::mixed_torrents()));
  ImportRecord other;
  other.info_hash = *torrent::parse_info_hash_hex(std::string(40, 'e'));
  other.name = "Something.Else.2001.720p.BluRay-GRP";
  ASSERT_TRUE(to.library->upsert(std::vector<ImportRecord>{other}));
  auto refused = copy_library(*from.db, *to.db, to.classifier, to.clock, 500, nullptr);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::conflict);
  EXPECT_EQ(count(*to.db, "torrents"), 1) << "nothing was added to it";
}

INSTANTIATE_TEST_SUITE_P(Engines, Copy,
                         ::testing::Values(std::pair{Dialect::sqlite, Dialect::postgres},
                                           std::pair{Dialect::postgres, Dialect::sqlite}),
                         [](const auto& info) {
                           return fmt::format("{}_to_{}", store::dialect_name(info.param.first),
                                              store::dialect_name(info.param.second));
                         });

}  // namespace
}  // namespace helmarr::library
