#include "library/facet_terms.h"

#include <gtest/gtest.h>

namespace helmarr::library {
namespace {

TEST(FacetTerms, EpisodeRecord) {
  TorrentRecord r;
  r.content_type = media::ContentType::tv_show;
  r.categories = {5000, 5040};
  r.season = 2;
  r.episodes = {3, 4};
  r.resolution = "1080p";
  r.quality = "WEBDL-1080p";
  r.languages = {"fr"};
  EXPECT_EQ(terms::for_record(r), "all ttvshow c5000 c5040 s2 s2e3 s2e4 r1080 qwebdl1080p lfr noid");
}

TEST(FacetTerms, PacksHoldEverySeasonAndNoEpisodes) {
  TorrentRecord r;
  r.content_type = media::ContentType::tv_show;
  r.season = 1;
  r.seasons = {1, 2, 3};
  r.season_pack = true;
  r.ids.tvdb = 81189;
  EXPECT_EQ(terms::for_record(r), "all ttvshow s1 p1 s2 p2 s3 p3 tv81189");
}

TEST(FacetTerms, MalformedValuesGiveNoTerm) {
  EXPECT_EQ(terms::air_date("2024-1-15"), "");
  EXPECT_EQ(terms::air_date("2024-01-15"), "d20240115");
  EXPECT_EQ(terms::resolution("HD"), "");
  EXPECT_EQ(terms::resolution("2160p"), "r2160");
}

}  // namespace
}  // namespace helmarr::library
