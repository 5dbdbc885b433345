#pragma once
// A library of 3,000 torrents of a few titles in every combination of
// season, episode, year and resolution, the queries that cut across them,
// and the check that two libraries answer them alike (engines, plans, a copy).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <fmt/format.h>

#include "library/library.h"
#include "torrent/info_hash.h"

namespace helmarr::testing {

using library::ImportRecord;
using library::SearchQuery;
using library::SortOrder;

inline std::string describe(const SearchQuery& q) {
  return fmt::format("q='{}' year={} season={} ep={} cats={} types={} sort={}", q.text, q.year.value_or(-1),
                     q.season.value_or(-1), q.episode.value_or(-1), q.categories.size(), q.content_types.size(),
                     static_cast<int>(q.sort));
}

inline std::vector<ImportRecord> mixed_torrents() {
  const std::vector<std::string> rare = {"office", "wire", "lost", "dune", "heat", "fargo"};
  const std::vector<std::string> resolutions = {"720p", "1080p", "2160p"};
  std::vector<ImportRecord> batch;
  for (int i = 1; i <= 3000; ++i) {
    ImportRecord r;
    r.info_hash = *torrent::parse_info_hash_hex(fmt::format("{:040x}", i + 7000));
    // Every choice from other bits of one mixed number: all combinations occur.
    const std::uint64_t h = static_cast<std::uint64_t>(i) * 0x9E3779B97F4A7C15ULL;
    auto pick = [&](int shift, std::uint64_t n) { return static_cast<std::size_t>((h >> shift) % n); };
    const std::string& word = rare[pick(40, rare.size())];
    const std::string& res = resolutions[pick(33, 3)];
    if (pick(50, 3) == 0) {
      r.name = fmt::format("The.{}.{}.{}.BluRay.x264-GRP", word, 2015 + pick(20, 9), res);
    } else {
      r.name = fmt::format("The.{}.S{:02}E{:02}.{}.WEB-DL-GRP", word, 1 + pick(24, 4), 1 + pick(28, 12), res);
    }
    r.size = 1000 + static_cast<std::uint64_t>(i);
    batch.push_back(std::move(r));
  }
  return batch;
}

inline std::vector<SearchQuery> mixed_queries() {
  const std::vector<std::string> rare = {"office", "wire", "lost", "dune", "heat", "fargo"};
  std::vector<SearchQuery> queries;
  for (const auto& word : rare) {
    queries.push_back({.text = word});
    queries.push_back({.text = "the " + word, .categories = {5030, 5040}, .season = 2, .episode = 3});
    queries.push_back({.text = "the " + word, .categories = {5000}, .season = 1});
    queries.push_back({.text = word + " 1080p", .categories = {2000}, .year = 2017});
    queries.push_back({.text = "the " + word, .content_types = {media::ContentType::movie}, .year = 2020});
    queries.push_back({.text = word + " 720p web", .sort = SortOrder::newest, .limit = 500});
    queries.push_back({.text = "the " + word + " -2160p", .categories = {2000}, .sort = SortOrder::size});
  }
  queries.push_back({.text = "the 1080p", .categories = {5040}, .season = 3, .limit = 500});
  queries.push_back({.text = "the", .year = 2016, .limit = 500});
  queries.push_back({.text = "\"the office\" 720p", .season = 4});
  return queries;
}

// The same items in the same order, the same totals, for every query; most
// queries find something.
// Estimated totals follow how densely ids are used; libraries whose ids are
// spread differently agree on them only in being estimates.
enum class Estimates { equal, may_differ };
inline void expect_same_answers(library::Library& a, library::Library& b, const std::vector<SearchQuery>& queries,
                                Estimates estimates = Estimates::equal) {
  std::size_t found = 0;
  for (const auto& q : queries) {
    auto x = a.search(q);
    auto y = b.search(q);
    ASSERT_TRUE(x && y) << describe(q) << (x ? "" : x.error().message) << (y ? "" : y.error().message);
    std::vector<std::string> xs, ys;
    for (const auto& t : x->items) xs.push_back(t.name + "#" + std::to_string(t.size));
    for (const auto& t : y->items) ys.push_back(t.name + "#" + std::to_string(t.size));
    EXPECT_EQ(xs, ys) << describe(q);
    if (estimates == Estimates::equal || !x->total_estimated) {
      EXPECT_EQ(x->total, y->total) << describe(q);
    }
    EXPECT_EQ(x->total_estimated, y->total_estimated) << describe(q);
    found += xs.empty() ? 0 : 1;
  }
  EXPECT_GT(found, queries.size() * 3 / 4);
}

// The counters /api/stats reads agree.
inline void expect_same_counts(library::Library& a, library::Library& b) {
  auto x = a.counts(), y = b.counts();
  ASSERT_TRUE(x && y);
  EXPECT_EQ(x->torrents, y->torrents);
  EXPECT_EQ(x->releases, y->releases);
  EXPECT_EQ(x->by_content_type, y->by_content_type);
  EXPECT_EQ(x->last_added_at, y->last_added_at);
}

}  // namespace helmarr::testing
